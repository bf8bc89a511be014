package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * comment, indent, quote, basename, dirname and Python's string formatting, against Ansible
 * 2.14's own output (see {@link ExpressionFixture}).
 */
class TextFiltersTest extends ExpressionFixture {

    /** comment: each style as in the filter's documentation and the filters guide */
    @Test
    void commentStyles() throws Exception {
        assertEquals("#\n# Plain style (default)\n#", str("{{ 'Plain style (default)' | comment }}"));
        assertEquals("//\n// C style\n//", str("{{ 'C style' | comment('c') }}"));
        assertEquals("/*\n *\n * C block style\n *\n */", str("{{ 'C block style' | comment('cblock') }}"));
        assertEquals("%\n% Erlang style\n%", str("{{ 'Erlang style' | comment('erlang') }}"));
        assertEquals("<!--\n -\n - XML style\n -\n-->", str("{{ 'XML style' | comment('xml') }}"));
        assertEquals("#######\n#\n# Custom style\n#\n#######\n   ###\n    #", str("{{ 'Custom style' | comment('plain', prefix='#######\n#', postfix='#\n#######\n   ###\n    #') }}"));
    }

    /** comment: several lines, empty lines, the decoration and the counts */
    @Test
    void commentDetails() throws Exception {
        assertEquals("#\n# a\n#\n# b\n#", str("{{ 'a\n\nb' | comment }}"));
        assertEquals("#\n# a\n# b\n# \n#", str("{{ 'a\nb\n' | comment }}"));
        assertEquals("#\n# \n#", str("{{ '' | comment }}"));
        assertEquals("//\n// a\n// b\n//", str("{{ 'a\nb' | comment('c') }}"));
        assertEquals("/*\n *\n * a\n * b\n *\n */", str("{{ 'a\nb' | comment('cblock') }}"));
        assertEquals("<!--\n -\n - a\n - b\n -\n-->", str("{{ 'a\nb' | comment('xml') }}"));
        assertEquals("!\n! x\n!", str("{{ 'x' | comment(decoration='! ') }}"));
        assertEquals("///\n/// x\n/// y\n///", str("{{ 'x\ny' | comment('c', decoration='/// ') }}"));
        assertEquals("#\n#\n# x\n#", str("{{ 'x' | comment('plain', prefix_count=2) }}"));
        assertEquals("#\n# x\n#\n#", str("{{ 'x' | comment('plain', postfix_count=2) }}"));
        assertEquals("/**\n#\n# x\n#\n**/", str("{{ 'x' | comment(beginning='/**', end='**/') }}"));
        assertEquals("/*\n * x\n\n */", str("{{ 'x' | comment('cblock', prefix='', postfix='') }}"));
        assertFails("{{ 'x' | comment('nosuch') }}", "comment: unknown style 'nosuch' (use plain, erlang, c, cblock or xml)"); // Ansible: 'nosuch'
    }

    /** indent: Jinja2's, the first line and blank lines left alone unless asked */
    @Test
    void indent() throws Exception {
        assertEquals("line1\n    line2\n\n    line4", str("{{ multi | indent }}"));
        assertEquals("line1\n  line2\n\n  line4", str("{{ multi | indent(2) }}"));
        assertEquals("  line1\n  line2\n\n  line4", str("{{ multi | indent(2, true) }}"));
        assertEquals("  line1\n  line2\n\n  line4", str("{{ multi | indent(2, first=true) }}"));
        assertEquals("line1\n  line2\n  \n  line4", str("{{ multi | indent(2, blank=true) }}"));
        assertEquals("  line1\n  line2\n  \n  line4", str("{{ multi | indent(2, true, true) }}"));
        assertEquals("a\n  b\n", str("{{ 'a\nb\n' | indent(2) }}"));
        assertEquals("a\n  ", str("{{ 'a\n' | indent(2, blank=true) }}"));
        assertEquals(">>a\n>>b", str("{{ 'a\nb' | indent(width='>>', first=true) }}"));
        assertEquals("a\nb", str("{{ 'a\nb' | indent(0) }}"));
        assertEquals("[  ]", str("[{{ '' | indent(2, true) }}]"));
    }

    /** quote: Python's shlex.quote (its documentation's example is a shell command) */
    @Test
    void quote() throws Exception {
        assertEquals("'hello world' 'it'\"'\"'s' safe-name.txt '' '$HOME' a@b%c+d=e:f,g./h 42 'é'", str("{{ 'hello world' | quote }} {{ \"it's\" | quote }} {{ 'safe-name.txt' | quote }} {{ '' | quote }} {{ '$HOME' | quote }} {{ 'a@b%c+d=e:f,g./h' | quote }} {{ 42 | quote }} {{ 'é' | quote }}"));
        assertEquals("echo ''\"'\"'a b'\"'\"''", str("echo {{ 'a b' | quote | quote }}"));
    }

    /** basename and dirname: os.path's; the documentation's path first */
    @Test
    void basenameAndDirname() throws Exception {
        assertEquals("foo.txt /etc/asdf", str("{{ '/etc/asdf/foo.txt' | basename }} {{ '/etc/asdf/foo.txt' | dirname }}"));
        assertEquals("[] foo [] [] [] nginx.conf", str("[{{ '/a/b/' | basename }}] {{ 'foo' | basename }} [{{ '/' | basename }}] [{{ '' | basename }}] [{{ 'a/' | basename }}] {{ path | basename }}"));
        assertEquals("/ // / [] /a/b a //a /// [] /a/b", str("{{ '/' | dirname }} {{ '//' | dirname }} {{ '/a' | dirname }} [{{ 'a' | dirname }}] {{ '/a/b/' | dirname }} {{ 'a//b' | dirname }} {{ '//a/b' | dirname }} {{ '///a' | dirname }} [{{ '.' | dirname }}] {{ '/a/b//' | dirname }}"));
    }

    /** Python's % formatting, format, ~, * and str.format */
    @Test
    void formatting() throws Exception {
        assertEquals("ab   | 50% 2.67 1.2e+04 1.23457e+08|0.5|100", str("{{ '%-5s|' % 'ab' }} {{ '%d%%' % 50 }} {{ '%.2f' % 2.675 }} {{ '%5.1e' % 12345.678 }} {{ '%g|%g|%g' % (123456789.0, 0.5, 100) }}"));
        assertEquals("[1, 2] a and True 'x' 007|+5| 5|ff|FF|10 1 8080", str("{{ '%s' % [1, 2] }} {{ '%s and %s' % ('a', true) }} {{ '%r' % 'x' }} {{ '%03d|%+d|% d|%x|%X|%o' % (7, 5, 5, 255, 255, 8) }} {{ '%(a)s' % {'a': 1} }} {{ '%s' % port }}"));
        assertEquals("a-3 03.14 True a-002.2", str("{{ \"%s-%d\" | format('a', 3) }} {{ \"%05.2f\" | format(3.14159) }} {{ \"%s\" | format(true) }} {{ \"%s-%05.1f\" | format('a', 2.25) }}"));
        assertEquals("xTrueNone1.5[1] v1.0NoneFalse[True]{'a': None} a1True", str("{{ 'x' ~ true ~ none ~ 1.5 ~ [1] }} {{ 'v' ~ 1.0 ~ none ~ false ~ [true] ~ {'a': none} }} {{ 'a' ~ 1 ~ true }}"));
        assertEquals("----- ababab [0, 0, 0] 6 3 web1 is 8080", str("{{ '-' * 5 }} {{ 3 * 'ab' }} {{ [0] * 3 }} {{ 2 * 3 }} {{ 7 % 4 }} {{ \"{} is {}\".format(name, port) }}"));
    }
}
