package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Ansible's and Jinja2's tests, in {@code {{ }}} and in conditions, against Ansible 2.14's own
 * output (see {@link ExpressionFixture}). Where a failure's wording differs from Ansible's,
 * Ansible's is noted beside it.
 */
class AnsibleTestsTest extends ExpressionFixture {

    /** defined, undefined and none: a variable set to nothing is defined and None */
    @Test
    void definedUndefinedNone() throws Exception {
        assertEquals("False True True True True False", str("{{ missing is defined }} {{ missing is undefined }} {{ port is defined }} {{ nothing is defined }} {{ nothing is none }} {{ port is none }}"));
        assertEquals("True False True True", str("{{ cfg.icc is defined }} {{ cfg.nope is defined }} {{ cfg.nope is undefined }} {{ missing is not defined }}"));
        assertEquals(false, cond("missing is defined"));
        assertEquals(true, cond("nothing is none"));
        assertEquals(true, cond("cfg.nope is undefined and missing.deeper is undefined"));
    }

    /** version: the documentation's assertions, then loose ordering where 1.10 > 1.9 */
    @Test
    void versionDocumentationExamples() throws Exception {
        assertEquals("True True True True True True True", str("{{ '1.0' is version_compare('1.0', '==') }} {{ '1.0' is version('1.0', '==') }} {{ '1.0' is version('2.0', '!=') }} {{ '1.0' is version('2.0', '<') }} {{ '2.0' is version('1.0', '>') }} {{ '1.0' is version('1.0', '<=') }} {{ '1.0' is version('1.0', '>=') }}"));
        assertEquals("True True True True True True True", str("{{ '1.0' is version_compare('1.0', '==', strict=true) }} {{ '1.0' is version('1.0', '==', strict=true) }} {{ '1.0' is version('2.0', '!=', strict=true) }} {{ '1.0' is version('2.0', '<', strict=true) }} {{ '2.0' is version('1.0', '>', strict=true) }} {{ '1.0' is version('1.0', '<=', strict=true) }} {{ '1.0' is version('1.0', '>=', strict=true) }}"));
        assertEquals("True True", str("{{ '1.2.3' is version('2.0.0', 'lt', version_type='semver') }} {{ '2.14.0rc1' is version('2.14.0', 'lt', version_type='pep440') }}"));
    }

    /** version: Python's LooseVersion by default */
    @Test
    void versionLoose() throws Exception {
        assertEquals("True True True False False False", str("{{ '1.10' is version('1.9', '>') }} {{ '1.10' is version('1.9', 'gt') }} {{ '1.9' is version('1.10', '<') }} {{ '1.0' is version('1.0.0', '==') }} {{ '1.0' is version('1', 'eq') }} {{ '2.0.0rc1' is version('2.0.0', '<') }}"));
        assertEquals("True True True True True True", str("{{ '1.2.3' is version('1.2.3', '>=') }} {{ '1.2.3' is version('1.2.4', 'ne') }} {{ '1.2.3' is version('1.2.4', '!=') }} {{ '1.2.3' is version('1.2.3') }} {{ version is version('1.9', '>=') }} {{ '2.14.18' is version_compare('2.9', '>') }}"));
        assertEquals("True True True True True True", str("{{ '1.2a' is version('1.2', '>') }} {{ '1.2a' is version('1.2b', '<') }} {{ '1.2' is version('1.2.0', 'lt') }} {{ '1.2-3' is version('1.2-4', '<') }} {{ '1.0RC1' is version('1.0RC2', '<') }} {{ port is version('8000', '>=') }}"));
        assertFails("{{ '1.2a' is version('1.2.0', '<') }}", "version: cannot compare '1.2a' with '1.2.0': 'a' is a word where the other has the number 0 (try version_type='semver' or 'strict')"); // Ansible: Version comparison failed: '<' not supported between instances of 'str' and 'int'
        assertFails("{{ '1.2.3' is version('1.2.4', 'foo') }}", "version: unknown operator 'foo' (use one of <, <=, >, >=, ==, !=, lt, le, gt, ge, eq, ne)"); // Ansible: Invalid operator type (foo). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', '…
        assertFails("{{ '' is version('1.0', '<') }}", "version: the value to compare is empty"); // Ansible: Input version value cannot be empty
    }

    /** version: strict, semver and pep440 */
    @Test
    void versionTypes() throws Exception {
        assertEquals("False True True True True", str("{{ '1.2.3' is version('1.2.3', '<', strict=true) }} {{ '1.2.3' is version('1.2.3', '==', strict=true) }} {{ '1.2.3a1' is version('1.2.3', '<', strict=true) }} {{ '1.2b2' is version('1.2a3', '>', strict=true) }} {{ '1.2' is version('1.2.0', '==', strict=true) }}"));
        assertEquals("False True True True True", str("{{ '1.2.3-beta' is version('1.2.3', '>', version_type='semver') }} {{ '1.2.3-alpha' is version('1.2.3-alpha.1', '<', version_type='semver') }} {{ '1.2.3-alpha.1' is version('1.2.3-alpha.beta', '<', version_type='semver') }} {{ '1.2.3-beta.2' is version('1.2.3-beta.11', '<', version_type='semver') }} {{ '1.2.3+build5' is version('1.2.3', '==', version_type='semver') }}"));
        assertEquals("True True True True True True True", str("{{ '1.0.dev1' is version('1.0a1', '<', version_type='pep440') }} {{ '1.0b2' is version('1.0rc1', '<', version_type='pep440') }} {{ '1.0' is version('1.0.post1', '<', version_type='pep440') }} {{ '1.0.0' is version('1.0', '==', version_type='pep440') }} {{ '1!0.1' is version('2.0', '>', version_type='pep440') }} {{ '1.0+local' is version('1.0', '>', version_type='pep440') }} {{ '1.0c1' is version('1.0rc1', '==', version_type='pep440') }}"));
        assertFails("{{ 'x.y' is version('1.2', '<', strict=true) }}", "version: invalid version number 'x.y' for a strict comparison"); // Ansible: Version comparison failed: invalid version number 'x.y'
        assertFails("{{ '1.2' is version('1.2.0', '<', version_type='semver') }}", "version: invalid semantic version '1.2'"); // Ansible: Version comparison failed: invalid semantic version '1.2'
    }

    /** match, search and regex: the documentation's url examples first */
    @Test
    void matchSearchRegex() throws Exception {
        assertEquals("True False True True True", str("{{ url is match(\"https://example.com/users/.*/resources\") }} {{ url is match(\"/users/.*/resources\") }} {{ url is search(\"https://example.com/users/.*/resources\") }} {{ url is search(\"users/.*/resources\") }} {{ url is regex(\"example\\.com/\\w+/foo\") }}"));
        assertEquals("False True True True", str("{{ 'xhttp' is match('http') }} {{ 'xhttp' is search('http') }} {{ 'HTTP' is match('http', ignorecase=true) }} {{ 'AB' is search('b', true) }}"));
        assertEquals("False False True False", str("{{ 'a\nb' is match('^b') }} {{ 'a\nb' is search('^b') }} {{ 'a\nb' is search('^b', multiline=true) }} {{ 'a\nb' is match('b', multiline=true) }}"));
        assertEquals("True False True", str("{{ 'ab' is regex('b') }} {{ 'ab' is regex('b', match_type='match') }} {{ 'ab' is regex('a', match_type='match') }}"));
        assertEquals(true, cond("name is match('\\w+\\d')"));
        assertEquals(true, cond("name is match(\"\\\\w+\\\\d\")"));
        assertEquals(true, cond("'a\nb' is search('^b', multiline=true)"));
    }

    /** in, contains, subset and superset: the documentation's examples first */
    @Test
    void membership() throws Exception {
        assertEquals("True lacp0 True", str("{{ [3, 4] is subset([1, 2, 3, 4, 5]) }} {{ (lacp_groups | selectattr('interfaces', 'contains', 'em1') | first).master }} {{ users is contains('bob') }}"));
        assertEquals("True False True True True True True", str("{{ 'bob' in users }} {{ 'eve' in users }} {{ 'ic' in 'icc' }} {{ 'icc' in cfg }} {{ 'bob' is in(users) }} {{ [1, 2] is superset([1]) }} {{ [1.0] is subset([1]) }}"));
        assertEquals(true, cond("'bob' in users and 'x' not in users"));
    }

    /** changed, failed, succeeded and skipped on a registered result */
    @Test
    void registeredResults() throws Exception {
        assertEquals("True False True True False", str("{{ result_ok is changed }} {{ result_ok is failed }} {{ result_ok is succeeded }} {{ result_ok is success }} {{ result_ok is skipped }}"));
        assertEquals("True False False True True False", str("{{ result_fail is failed }} {{ result_fail is succeeded }} {{ result_fail is changed }} {{ result_skip is skipped }} {{ result_skip is succeeded }} {{ {} is changed }}"));
        assertEquals(true, cond("result_ok is changed"));
        assertEquals(true, cond("result_skip is skipped"));
        assertEquals(true, cond("result_ok.stdout == 'ok' and result_fail is not succeeded"));
    }

    /** Jinja2's type tests */
    @Test
    void typeTests() throws Exception {
        assertEquals("False True True True True True True True True True False True", str("{{ users is string }} {{ name is string }} {{ port is number }} {{ users is iterable }} {{ users is sequence }} {{ cfg is mapping }} {{ 3 is odd }} {{ 3 is divisibleby 3 }} {{ port is integer }} {{ ratio is float }} {{ port is boolean }} {{ true is boolean }}"));
    }

    /** a test may follow filters, as in Jinja2 */
    @Test
    void testAfterFilters() throws Exception {
        assertEquals("True False True True True True True", str("{{ users | length is number }} {{ nothing | default('') is string }} {{ name | upper is match('WEB') }} {{ users | first is not none }} {{ users | map('upper') | list is sequence }} {{ port | string | length is number }} {{ users | length is not string }}"));
        assertEquals(true, cond("users | length > 1"));
        assertEquals(true, cond("items | selectattr('state', 'equalto', 'present') | list | length == 2"));
        assertEquals(true, cond("(flag | bool) or (yes_flag | bool)"));
        assertEquals(true, cond("port is version('8000', '>=') and cfg.icc is false"));
    }
}
