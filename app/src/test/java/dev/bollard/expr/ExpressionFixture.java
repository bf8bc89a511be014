package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * What the filter, test and lookup tests share: the variables of {@code vars.yml} (loaded as a
 * playbook's are) and short ways to render, resolve and test. Expected values in these tests are
 * what Ansible 2.14 gives for the same expression over the same variables.
 */
abstract class ExpressionFixture {
    protected final Expressions ex = new Expressions();
    protected final Map<String, Object> vars = vars();

    static Map<String, Object> vars() {
        try (InputStream in = ExpressionFixture.class.getResourceAsStream("vars.yml")) {
            Map<String, Object> loaded = new Yaml().load(in);
            return new LinkedHashMap<>(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template rendered inside other text, so that every value is printed as text. */
    protected String str(String template) throws ExpressionException {
        String out = ex.render("<" + template + ">", vars);
        return out.substring(1, out.length() - 1);
    }

    /** A playbook value: exactly one {@code {{ }}} keeps the expression's type. */
    protected Object val(String template) throws ExpressionException {
        return ex.resolve(template, vars);
    }

    /** A condition, as {@code when} takes it. */
    protected boolean cond(String condition) throws ExpressionException {
        return ex.test(condition, vars);
    }

    /** A template file. */
    protected String file(String template) throws ExpressionException {
        return ex.renderFile("test.j2", template, vars);
    }

    /** Fails with exactly this one-line message. */
    protected void assertFails(String template, String message) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ex.render(template, vars), template);
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().matches(".*(Exception|\\bat [a-z]+\\.).*"), "no stack trace: " + e.getMessage());
    }
}
