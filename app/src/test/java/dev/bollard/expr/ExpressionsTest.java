package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    private final Expressions ex = new Expressions();
    private final Map<String, Object> vars = Map.of("name", "web1", "port", 8080, "users", List.of("alice", "bob"),
            "cfg", Map.of("icc", false), "result", Map.of("rc", 0, "stdout", "ok"));

    @Test
    void rendersInterpolationAndLeavesPlainTextAlone() throws Exception {
        assertEquals("host web1 on 8080", ex.render("host ${name} on ${port}", vars));
        assertEquals("echo $HOME $(id -u) {{ .Name }}", ex.render("echo $HOME $(id -u) {{ .Name }}", vars));
    }

    @Test
    void wholeExpressionKeepsItsType() throws Exception {
        assertEquals(List.of("alice", "bob"), ex.resolve("${users}", vars));
        assertEquals(8080, ((Number) ex.resolve("${port}", vars)).intValue());
        assertEquals(false, ex.resolve("${cfg.icc}", vars));
        assertEquals(Map.of("a", List.of("web1")), ex.resolve(Map.of("a", List.of("${name}")), vars));
    }

    @Test
    void conditions() throws Exception {
        assertTrue(ex.test("result.rc == 0", vars));
        assertTrue(ex.test("${port > 1024}", vars));
        assertFalse(ex.test("users?size > 2", vars));
        assertTrue(ex.test(List.of("name == 'web1'", "missing?? == false"), vars));
        assertTrue(ex.test(true, vars));
    }

    @Test
    void undefinedVariableIsNamed() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.render("x ${disk.size} y", vars));
        assertEquals("disk", e.undefined());
        assertTrue(e.getMessage().contains("undefined variable 'disk"), e.getMessage());
        ExpressionException e2 = assertThrows(ExpressionException.class, () -> ex.resolve("${other}", vars));
        assertEquals("other", e2.undefined());
        assertEquals("undefined variable 'other'", e2.getMessage());
    }

    @Test
    void conditionThatIsNotBooleanIsAnError() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.test("name", vars));
        assertTrue(e.getMessage().contains("not true or false"), e.getMessage());
    }

    @Test
    void syntaxErrorIsOneLine() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.render("${name +}", vars));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot parse"), e.getMessage());
    }
}
