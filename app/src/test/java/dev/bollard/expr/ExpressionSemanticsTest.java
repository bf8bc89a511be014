package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How expressions read, print and fail, against Ansible 2.14's own output (see {@link ExpressionFixture}).
 */
class ExpressionSemanticsTest extends ExpressionFixture {

    /** values print as Python's str(): True, None inside lists, quotes as repr picks them, floats as repr writes them */
    @Test
    void valuesPrintAsPython() throws Exception {
        assertEquals("['alice', 'bob'] 8080 0.5 1.0 {'icc': False, 'name': 'web'} [1, 'a', True, None, 1.5, [2, 3], {'k': 'v'}] {'zeta': 1, 'alpha': 2, 'mid': {'z': 1, 'a': [1, {'y': 2, 'b': 3}]}}", str("{{ users }} {{ port }} {{ ratio }} {{ big }} {{ cfg }} {{ mixed }} {{ kv }}"));
        assertEquals("[\"it's\", 'say \"hi\"', 'back\\\\slash', 'tab\\tx', 'ünï']", str("{{ words }}"));
        assertEquals("café ☃ True True |||[None]|", str("{{ unicode }} {{ true }} {{ True }} {{ none }}|{{ None }}|{{ nothing }}|{{ [nothing] }}|{{ cfg.get('nope') }}"));
        assertEquals("1.0 1e+20 0.30000000000000004 2.5 2.0 2 1024 0.3333333333333333 1e-07 1.23456789e+17", str("{{ 1.0 }} {{ 1e20 }} {{ 0.1 + 0.2 }} {{ 10 / 4 }} {{ 10 / 5 }} {{ 10 // 4 }} {{ 2 ** 10 }} {{ 1/3 }} {{ 1e-7 }} {{ 123456789.0 * 1000000000 }}"));
        assertEquals("0.1 100.0 1.5e+301 1.5 1e+16 1000000000000000.0 123456.789 0.0001 1e-05 [1.0, 2.5e-07, 1e+16, 123456789012.5]", str("{{ 0.1 }} {{ 100.0 }} {{ 1.5e300 * 10 }} {{ 3 / 2 }} {{ 1e16 }} {{ 1e15 }} {{ 123456.789 }} {{ 0.0001 }} {{ 0.00001 }} {{ [1.0, 2.5e-7, 1e16, 123456789012.5] }}"));
        assertEquals("[('icc', False), ('name', 'web')] ['icc', 'name'] [False, 'web'] [0, 1, 2]", str("{{ cfg.items() | list }} {{ cfg.keys() | list }} {{ cfg.values() | list }} {{ range(3) | list }}"));
    }

    /** backslashes in {{ }} of a playbook value are plain characters, as Ansible doubles them */
    @Test
    void backslashesAreLiteralInPlaybookValues() throws Exception {
        assertEquals("a\\db a\\\\b x\n \n", str("{{ 'a\\db' }} {{ 'a\\\\b' }} x\n {{ '\n' }}"));
        assertEquals("4", str("{{ 'a\\tb' | length }}"));
    }

    /** brackets closed just before }} do not end the expression */
    @Test
    void nestedBraces() throws Exception {
        assertEquals("a: {}\n{'a': {'b': 1}} {'a': [1]}", str("{{ {'a': {}} | to_nice_yaml }}{{ {'a': {'b': 1}} }} {{ {'a': [1]}}}"));
    }

    /** Python's str and dict methods */
    @Test
    void pythonMethods() throws Exception {
        assertEquals("True WEB1 [x] ['a', 'b'] ['a', 'b'] axc d axb True", str("{{ name.startswith('web') }} {{ name.upper() }} [{{ '  x  '.strip() }}] {{ 'a,b'.split(',') }} {{ ' a  b '.split() }} {{ 'abc'.replace('b', 'x') }} {{ cfg.get('nope', 'd') }} {{ 'x'.join(['a', 'b']) }} {{ 'ab'.endswith('b') }}"));
        assertEquals("hello world Hello A B 2 3 True ['a', 'b'] a ab a", str("{{ 'Hello World'.lower() }} {{ 'hello'.capitalize() }} {{ 'a b'.title() }} {{ 'abc'.find('c') }} {{ 'aaa'.count('a') }} {{ '12'.isdigit() }} {{ 'a\nb'.splitlines() }} {{ 'xxaxx'.strip('x') }} {{ 'abc'.rstrip('c') }} {{ ' a'.lstrip() }}"));
    }

    /** operators and slices */
    @Test
    void operators() throws Exception {
        assertEquals("False web alice bob ['bob'] bc ['alice', 'bob', 'c'] ab 8081 16160 4040.0 1 -4", str("{{ cfg.icc }} {{ cfg['name'] }} {{ users[0] }} {{ users[-1] }} {{ users[1:] }} {{ 'abc'[1:] }} {{ users + ['c'] }} {{ 'a' + 'b' }} {{ port + 1 }} {{ port * 2 }} {{ port / 2 }} {{ 7 % 3 }} {{ -7 // 2 }}"));
        assertEquals("True True True a False False True True 3", str("{{ 'a' == 'a' }} {{ 1 == 1.0 }} {{ [1, 2] == [1, 2] }} {{ 'a' if port > 1 else 'b' }} {{ true and false }} {{ not true }} {{ 1 in [1, 2] }} {{ 'a' < 'b' }} {{ (nums | unique)[0] }}"));
    }

    /** A value that is exactly one {@code {{ }}} keeps its type; anything else is text. */
    @Test
    void wholeExpressionsKeepTheirType() throws Exception {
        assertEquals(List.of("alice", "bob"), val("{{ users }}"));
        assertEquals(8080L, val("{{ port }}"));
        assertEquals(0.5, val("{{ ratio }}"));
        assertEquals(false, val("{{ cfg.icc }}"));
        assertEquals(Map.of("icc", false, "name", "web"), val("{{ cfg }}"));
        assertNull(val("{{ nothing }}"));
        assertEquals(8081L, val("{{ port + 1 }}"));
        assertEquals(List.of(Map.of("a", 1L)), val("{{ [{'a': 1}] }}"));
        assertEquals("8080 web1", val("{{ port }} {{ name }}"));
        assertEquals("", ex.render("{{ nothing }}", vars));
    }

    /** Template files read string literals as Python does and print None as nothing, as Ansible's template module. */
    @Test
    void templateFiles() throws Exception {
        assertEquals("a\nb|x\\dy|\\||[None]", file("{{ 'a\\nb' }}|{{ 'x\\dy' }}|{{ '\\\\' }}|{{ nothing }}|{{ [nothing] }}"));
        assertEquals("- alice\n- bob\n", file("{% for u in users %}\n- {{ u }}\n{% endfor %}\n"));
        assertEquals("yes\n", file("{% if port > 1 %}\nyes\n{% endif %}\n"), "the newline after the last tag is kept, as Ansible keeps it");
        // in a template file \\1 is Python's octal escape, as in Ansible; the group needs \\\\1
        assertEquals("web<\u0001>", file("{{ name | regex_replace('(\\d)', '<\\1>') }}"));
        assertEquals("web<1>", file("{{ name | regex_replace('(\\d)', '<\\\\1>') }}"));
        assertEquals("{{ x }}y", file("{# c #}{% raw %}{{ x }}{% endraw %}{{ 'y' }}"));
        assertEquals("1{'a': {}}", file("{% set x = {'a': {'b': 1}} %}{{ x.a.b }}{{ {'a': {}} }}"));
    }

    /** Conditions read string literals as Python does. */
    @Test
    void conditionsReadPythonEscapes() throws Exception {
        assertTrue(cond("name is match('\\w+\\d')"));
        assertTrue(cond("name is match(\"\\\\w+\\\\d\")"));
        assertTrue(cond("'a\\nb' is search('^b', multiline=true)"));
        assertTrue(cond("{{ 'a\\nb' is search('^b', multiline=true) }}") == false, "in {{ }} the backslash stays a backslash");
    }

    /** An undefined variable is named; a missing key too; both may be tested and defaulted. */
    @Test
    void undefinedIsNamed() throws Exception {
        ExpressionException e = assertThrows(ExpressionException.class, () -> str("{{ missing.attr }}"));
        assertEquals("undefined variable 'missing'", e.getMessage());
        assertEquals("missing", e.undefined());
        assertFails("{{ cfg.nope.deeper }}", "the mapping has no key 'nope'");
        assertFails("{{ missing | upper }}", "undefined variable 'missing'");
        assertEquals("True True d", str("{{ missing.deeper is undefined }} {{ cfg.nope.deeper is undefined }} {{ missing.deeper | default('d') }}"));
    }

    /** Unknown names are reported with the closest known one, before anything runs. */
    @Test
    void unknownNamesSuggestTheClosest() {
        assertFails("{{ users | uniqe }}", "unknown filter 'uniqe' (did you mean 'unique'?)");
        assertFails("{{ x | to_nice_jsn }}", "unknown filter 'to_nice_jsn' (did you mean 'to_nice_json'?)");
        assertFails("{{ '1.0' is verison('1.0') }}", "unknown test 'verison' (did you mean 'version'?)");
        assertEquals(List.of("unknown filter 'combin' (did you mean 'combine'?)", "unknown test 'sucess' (did you mean 'success'?)"),
                ex.problems(List.of(Map.of("a", "{{ x | combin({}) }}"), Map.of("b", List.of("{{ r is sucess }}"))), false));
        assertEquals(List.of("unknown test 'chnaged' (did you mean 'changed'?)"), ex.problems("result is chnaged", true));
        assertEquals(List.of(), ex.problems("{{ x | d('') is search('\\d') }} {{ lookup('env', 'HOME') }}", false));
    }

    /** A filter given the wrong type fails with one line that says what it wanted. */
    @Test
    void wrongTypesFailInOneLine() {
        assertFails("{{ 5 | dict2items }}", "dict2items expects a dictionary, not int");
        assertFails("{{ 'x' | combine({}) }}", "combine expects a dictionary, not str");
        assertFails("{{ 3 | split }}", "split expects a string, not int");
        assertFails("{{ nothing | length }}", "object of type 'NoneType' has no len()");
        assertFails("{{ [3, 'a'] | sort }}", "'<' not supported between instances of 'str' and 'int'");
        assertFails("{{ 5 | flatten }}", "flatten expects a list, not int");
        assertFails("{{ 'x' | round }}", "round expects a number, not str");
        ExpressionException syntax = assertThrows(ExpressionException.class, () -> str("{{ name + }}"));
        assertFalse(syntax.getMessage().contains("\n"), syntax.getMessage());
    }
}
