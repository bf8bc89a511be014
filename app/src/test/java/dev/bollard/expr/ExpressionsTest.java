package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    private final Expressions ex = new Expressions();
    private final Map<String, Object> vars = vars();

    private static Map<String, Object> vars() {
        Map<String, Object> v = new HashMap<>(Map.of("name", "web1", "port", 8080, "users", List.of("alice", "bob"),
                "cfg", Map.of("icc", false), "result", Map.of("rc", 0, "stdout", "ok", "changed", true, "failed", false),
                "flag", "no", "yes_flag", "yes"));
        v.put("nothing", null);
        v.put("indirect", "{{ name }}-x");
        return v;
    }

    @Test
    void rendersInterpolationAndLeavesShellTextAlone() throws Exception {
        assertEquals("host web1 on 8080", ex.render("host {{ name }} on {{ port }}", vars));
        assertEquals("echo $HOME ${HOME} $(id -u) ${name}", ex.render("echo $HOME ${HOME} $(id -u) ${name}", vars));
    }

    @Test
    void wholeExpressionKeepsItsType() throws Exception {
        assertEquals(List.of("alice", "bob"), ex.resolve("{{ users }}", vars));
        assertEquals(8080L, ex.resolve("{{ port }}", vars));
        assertEquals("8080\n", ex.resolve("{{ port }}\n", vars), "text around the expression makes a string");
        assertEquals(false, ex.resolve("{{ cfg.icc }}", vars));
        assertEquals(Map.of("a", List.of("web1")), ex.resolve(Map.of("a", List.of("{{ name }}")), vars));
        assertEquals(Map.of("icc", false, "x", 1L), ex.resolve("{{ cfg | combine({'x': 1}) }}", vars));
    }

    @Test
    void valuesPrintAsPythonDoes() throws Exception {
        // None prints as nothing at the top level (Ansible's finalize), as None inside a list
        assertEquals("False ['alice', 'bob']  {'icc': False} [None]", ex.render("{{ cfg.icc }} {{ users }} {{ nothing }} {{ cfg }} {{ [nothing] }}", vars));
    }

    @Test
    void aVariableSetToNothingIsDefinedAndFalse() throws Exception {
        assertTrue(ex.test("nothing is defined", vars));
        assertTrue(ex.test("nothing is none", vars));
        assertFalse(ex.test("nothing", vars));
        assertEquals("d", ex.resolve("{{ nothing | default('d', true) }}", vars));
    }

    @Test
    void variablesThatAreTemplatesResolveInTurn() throws Exception {
        assertEquals("web1-x", ex.resolve("{{ indirect }}", vars));
        assertEquals("a web1-x", ex.render("a {{ indirect }}", vars));
        assertEquals("--format '{{ .Name }}' web1", ex.render("--format '{% raw %}{{ .Name }}{% endraw %}' {{ name }}", vars));
        Map<String, Object> loop = new HashMap<>(Map.of("a", "{{ b }}", "b", "{{ a }}"));
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.render("{{ a }}", loop));
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }

    @Test
    void conditionsInAnsibleSyntax() throws Exception {
        assertTrue(ex.test("result.rc == 0", vars));
        assertTrue(ex.test("{{ port > 1024 }}", vars));
        assertFalse(ex.test("users | length > 2", vars));
        assertTrue(ex.test(List.of("name == 'web1'", "missing is not defined", "'bob' in users"), vars));
        assertFalse(ex.test("flag | bool", vars));
        assertTrue(ex.test("yes_flag | bool", vars));
        assertTrue(ex.test("not (flag | bool) and port is version('8000', '>=')", vars));
        assertTrue(ex.test("result is changed and result is succeeded and result is not failed", vars));
        assertTrue(ex.test(true, vars));
        assertTrue(ex.test("name", vars), "a non-empty string is true, as in Ansible");
        // Ansible 2.14 runs a task whose `when: flag` names the text "no": a non-empty string is true
        assertTrue(ex.test("flag", vars), "'no' is a non-empty string");
        assertFalse(ex.test("{{ flag }}", vars), "rendered, 'no' is read again as a condition");
    }

    @Test
    void anIndexMayBeWrittenWithADot() throws Exception {
        Map<String, Object> v = Map.of("item", List.of("x", List.of("y", "z")), "n", 1.5);
        assertEquals("x z 1.5 2.5 .0", ex.render("{{ item.0 }} {{ item.1.1 }} {{ n }} {{ 1.0 + n }} {{ '.0' }}", v));
        assertTrue(ex.test("item.0 == 'x'", v));
    }

    @Test
    void pythonStringAndDictMethods() throws Exception {
        assertEquals(true, ex.resolve("{{ name.startswith('web') }}", vars));
        assertEquals(List.of("a", "b"), ex.resolve("{{ 'a:b'.split(':') }}", vars));
        assertEquals("WEB1", ex.resolve("{{ name.upper() }}", vars));
        assertEquals("dflt", ex.resolve("{{ cfg.get('nope', 'dflt') }}", vars));
        assertEquals("icc=False", ex.render("{% for k, v in cfg.items() %}{{ k }}={{ v }}{% endfor %}", vars));
    }

    @Test
    void undefinedVariableIsNamed() throws Exception {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.render("x {{ disk.size }} y", vars));
        assertEquals("disk", e.undefined());
        assertTrue(e.getMessage().contains("undefined variable 'disk"), e.getMessage());
        ExpressionException e2 = assertThrows(ExpressionException.class, () -> ex.resolve("{{ other }}", vars));
        assertEquals("other", e2.undefined());
        assertEquals("undefined variable 'other'", e2.getMessage());
        ExpressionException e3 = assertThrows(ExpressionException.class, () -> ex.test("cfg.nope == 1", vars));
        assertEquals("the mapping has no key 'nope'", e3.getMessage());
        assertTrue(ex.test("cfg.nope is not defined and (cfg.nope | default(1)) == 1", vars));
        ExpressionException e4 = assertThrows(ExpressionException.class, () -> ex.render("{% for k, v in nope | dictsort %}{{ k }}{% endfor %}", vars));
        assertEquals("nope", e4.undefined(), "a filter of Jinjava's own does not make something of an undefined value");
    }

    @Test
    void noneAloneInATemplatePrintsNothingAsInAnsible() throws Exception {
        assertEquals("none= list=[None] dict={'k': None}", ex.render("none={{ nothing }} list={{ [nothing] }} dict={{ {'k': nothing} }}", vars));
        assertEquals("x=\n", ex.renderFile("a.j2", "{% if nothing is none %}\nx={{ nothing }}\n{% endif %}\n", vars));
    }

    @Test
    void commentStylesAsAnsiblePrintsThem() throws Exception {
        assertEquals("#\n# a\n# b\n#", ex.render("{{ text | comment }}", Map.of("text", "a\nb")));
        assertEquals("<!--\n -\n - x\n -\n-->", ex.render("{{ 'x' | comment('xml') }}", vars));
        assertEquals("/*\n *\n * x\n *\n */", ex.render("{{ 'x' | comment('cblock') }}", vars));
        assertEquals("//\n// x\n//", ex.render("{{ 'x' | comment('c') }}", vars));
    }

    @Test
    void sumKeepsWholeNumbersWhole() throws Exception {
        assertEquals("8603 2.5 3 11", ex.render("{{ [80, 443, 8080] | sum }} {{ [1, 1.5] | sum }} {{ [{'n': 1}, {'n': 2}] | sum(attribute='n') }} "
                + "{{ [1] | sum(start=10) }}", vars));
        assertEquals(3L, ex.resolve("{{ [1, 2] | sum }}", vars));
    }

    @Test
    void undefinedVariableInsideATagIsNamed() {
        ExpressionException e = assertThrows(ExpressionException.class,
                () -> ex.render("{% for u in users %}\n{{ u }}.{{ slug }}\n{% endfor %}", vars));
        assertEquals("slug", e.undefined());
        assertTrue(e.getMessage().contains("undefined variable 'slug'"), e.getMessage());
        ExpressionException e2 = assertThrows(ExpressionException.class, () -> ex.render("{% if true %}{{ later }}{% endif %}", vars));
        assertEquals("later", e2.undefined());
    }

    @Test
    void unknownFilterTestAndLookupAreNamedWithASuggestion() {
        ExpressionException f = assertThrows(ExpressionException.class, () -> ex.render("{{ users | jion(',') }}", vars));
        assertEquals("unknown filter 'jion' (did you mean 'join'?)", f.getMessage());
        ExpressionException t = assertThrows(ExpressionException.class, () -> ex.test("name is definde", vars));
        assertEquals("unknown test 'definde' (did you mean 'defined'?)", t.getMessage());
        ExpressionException l = assertThrows(ExpressionException.class, () -> ex.render("{{ lookup('pipe', 'id') }}", vars));
        assertTrue(l.getMessage().startsWith("lookup plugin 'pipe' is not available in Bollard"), l.getMessage());
        assertEquals(List.of("unknown filter 'frobnicate'"), ex.problems(Map.of("a", List.of("{{ x | frobnicate }}")), false));
        assertEquals(List.of(), ex.problems("{{ 'a|b' | upper }} {{ x is defined }} {{ item.0 }} {{ lookup('env', 'HOME') }}", false));
        assertEquals(List.of(), ex.problems("{% raw %}{{ .Name | printf }}{% endraw %}{% if a is version('1', '>') %}x{% endif %}", false));
        assertEquals(List.of(), ex.problems(List.of("a and not (b | bool)", "x in [1, 2] or {'a': 1} is mapping"), true));
        List<String> syntax = ex.problems(Map.of("k", "{{ name + }}"), false);
        assertEquals(1, syntax.size(), syntax.toString());
        assertTrue(syntax.get(0).startsWith("syntax error in 'name +': "), syntax.get(0));
        assertEquals(1, ex.problems("{% if x == %}y{% endif %}", false).size());
    }

    @Test
    void syntaxErrorIsOneLine() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.render("{{ name + }}", vars));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }

    @Test
    void templatesTrimBlocksAndKeepTheTrailingNewline() throws Exception {
        String out = ex.renderFile("x.j2", "{% for u in users %}\nuser {{ u }}\n{% endfor %}\nend\n", vars);
        assertEquals("user alice\nuser bob\nend\n", out);
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.renderFile("x.j2", "a\nb\n{{ nope }}\n", vars));
        assertEquals(3, e.line());
        assertEquals("port=8080\n", ex.renderFile("x.ftl", "port=${port?c}\n", vars));
    }

    @Test
    void plainVariablePathsNeedNoEngineAndMeanWhatTheEngineMeans() throws Exception {
        Expressions fresh = new Expressions();
        Map<String, Object> v = new HashMap<>(vars);
        v.put("hosts", List.of(Map.of("name", "a", "port", 22)));
        assertEquals(List.of("alice", "bob"), fresh.resolve("{{ users }}", v));
        assertEquals("a:22 True  web1-x", fresh.renderFile("t.j2", "{{ hosts[0].name }}:{{ hosts.0['port'] }} {{ result.changed }} {{ nothing }} {{ name }}-x", v));
        assertEquals(8080L, fresh.evaluate("port", v));
        assertFalse(fresh.engineStarted(), "plain paths were read without the engine");
        assertEquals("web1-x", fresh.resolve("{{ indirect }}", v), "a variable that is a template goes to the engine");
        assertTrue(fresh.engineStarted());
        for (String path : List.of("users", "cfg.icc", "result['stdout']", "hosts[0].port", "nothing", "cfg")) {
            assertEquals(ex.resolve("{{ (" + path + ") }}", v), fresh.resolve("{{ " + path + " }}", v), path);
            assertEquals(ex.render("x {{ (" + path + ") }} y", v), fresh.render("x {{ " + path + " }} y", v), path);
        }
        ExpressionException missing = assertThrows(ExpressionException.class, () -> fresh.resolve("{{ cfg.nope }}", v));
        assertEquals("the mapping has no key 'nope'", missing.getMessage());
    }
}
