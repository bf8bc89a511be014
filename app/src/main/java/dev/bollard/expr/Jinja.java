package dev.bollard.expr;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.hubspot.jinjava.el.JinjavaELContext;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELException;

/**
 * The Jinja engine, set up as Ansible's: trim_blocks, trailing newlines kept, Python's printing of
 * values, an undefined variable is an error, and Ansible's filters, tests and lookups.
 */
final class Jinja {
    private static final Pattern UNKNOWN_TOKEN = Pattern.compile("(?:Unknown token found: |undefined variable ')([^']*)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_DEPTH = 20;
    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);
    private final JinjavaConfig config;
    private final Jinjava jinjava;

    Jinja() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new StrictAttributes());
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withKeepTrailingNewline(true)
                .withFailOnUnknownTokens(false)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .withEvaluateMapKeys(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build())
                .build();
        jinjava = new PySyntax(config);
        Context global = jinjava.getGlobalContext();
        // Jinja2's spellings of None; True and False Jinjava knows already
        global.put("none", PyNone.NONE);
        global.put("None", PyNone.NONE);
        global.setExpressionStrategy(new PyExpressionStrategy());
        AnsibleFilters.register(global);
        AnsibleTests.register(global);
        try {
            Lookups.register(global);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        Range.register(global);
        StrictFunctions.apply(global);
    }

    /**
     * The syntax error of a bare expression, found by parsing it without evaluating anything, or
     * null when it parses.
     */
    String syntaxError(String expression) {
        JinjavaInterpreter in = interpreter(Map.of());
        JinjavaInterpreter.pushCurrent(in);
        try {
            JinjavaELContext el = new JinjavaELContext(in, new JinjavaInterpreterResolver(in));
            for (ELFunctionDefinition fn : in.getContext().getAllFunctions()) el.setFunction(fn.getNamespace(), fn.getLocalName(), fn.getMethod());
            try {
                // backslashes as in a playbook value, or else as in a template file: either may be meant
                parse(el, JinjaSource.expression(expression, true));
            } catch (ELException asPlaybook) {
                parse(el, JinjaSource.expression(expression, false));
            }
            return null;
        } catch (ELException e) {
            // a function is bound at parse time; a template's own macros are not known here, and an
            // unknown function is reported when the text is rendered
            if (e.getMessage() != null && e.getMessage().contains("Could not resolve function")) return null;
            return clean(e.getMessage() == null ? "syntax error" : e.getMessage(), expression);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private void parse(JinjavaELContext el, String expression) {
        jinjava.getExpressionFactory().createValueExpression(el, "#{" + JinjaSyntax.expression(expression).strip() + "}", Object.class);
    }

    Context globals() {
        return jinjava.getGlobalContext();
    }

    /**
     * Evaluates a bare expression. {@code literal}: it came from {@code {{ }}} in a playbook value,
     * where a backslash in a string literal is a plain character (see {@link JinjaSource}).
     */
    Object evaluate(String expression, Map<String, Object> vars, boolean literal) throws ExpressionException {
        JinjavaInterpreter in = interpreter(vars);
        JinjavaInterpreter.pushCurrent(in);
        try {
            Object v = in.resolveELExpression(JinjaSyntax.expression(JinjaSource.expression(expression, literal)), 1);
            failOnErrors(in.getErrorsCopy(), expression);
            if (v instanceof Undefined u) throw u.error();
            return JinjaValues.out(v);
        } catch (InterpretException e) {
            throw translate(e, expression);
        } catch (Undefined.UndefinedError e) {
            throw undefined(e);
        } catch (RuntimeException e) {
            throw new ExpressionException("'" + expression + "': " + message(e), null);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /** Renders a template; {@code playbook}: a playbook value rather than a template file (see {@link JinjaSource}). */
    String render(String template, Map<String, Object> vars, boolean playbook) throws ExpressionException {
        JinjavaInterpreter in = interpreter(vars);
        JinjavaInterpreter.pushCurrent(in);
        try {
            String out = keepTrailingNewlines(template, in.render(JinjaSyntax.template(JinjaSource.template(template, playbook))));
            failOnErrors(in.getErrorsCopy(), template);
            return out;
        } catch (InterpretException e) {
            throw translate(e, template);
        } catch (Undefined.UndefinedError e) {
            throw undefined(e);
        } catch (RuntimeException e) {
            throw new ExpressionException(message(e), null);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /**
     * The output ends in as many newlines as the source, as Ansible makes it: trim_blocks would
     * otherwise eat the one after a closing {@code {% endif %}} at the very end.
     */
    static String keepTrailingNewlines(String source, String out) {
        int want = trailingNewlines(source);
        int have = trailingNewlines(out);
        return have >= want ? out : out + "\n".repeat(want - have);
    }

    private static int trailingNewlines(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\n'; i--) n++;
        return n;
    }

    /**
     * An interpreter over the variables. A variable whose value is itself a template
     * ({@code dir: "{{ base }}/x"}) is resolved only when an expression reads it, as Ansible's
     * lazy templating does, so text that merely looks like a template ({@code {% raw %}}
     * output) is never rendered twice.
     */
    private JinjavaInterpreter interpreter(Map<String, Object> vars) {
        Map<String, Object> bindings = new HashMap<>(vars.size() * 2);
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            if (e.getValue() instanceof String s && Expressions.isTemplate(s)) continue;
            bindings.put(e.getKey(), JinjaValues.in(e.getValue()));
        }
        Context context = new Context(jinjava.getGlobalContext(), bindings);
        context.setDynamicVariableResolver(name -> lazy(name, vars));
        return new JinjavaInterpreter(jinjava, context, config);
    }

    private Object lazy(String name, Map<String, Object> vars) {
        if (!(vars.get(name) instanceof String template) || !Expressions.isTemplate(template)) return new Undefined(name);
        int depth = DEPTH.get();
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("variable '" + name + "' refers to itself (through " + MAX_DEPTH + " levels)");
        DEPTH.set(depth + 1);
        try {
            String whole = JinjaSource.whole(template);
            Object v = whole != null ? evaluate(whole, vars, true) : render(template, vars, true);
            return JinjaValues.in(v);
        } catch (ExpressionException e) {
            throw new Undefined.UndefinedError("variable '" + name + "': " + e.getMessage(), e.undefined(), 0);
        } finally {
            DEPTH.set(depth);
        }
    }

    private static void failOnErrors(List<TemplateError> errors, String source) throws ExpressionException {
        for (TemplateError e : errors) {
            if (e.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            String msg = e.getMessage() == null ? "" : e.getMessage();
            // a filter or lookup that failed: its own message says what is wrong
            if (msg.startsWith("Error invoking function") && e.getException() != null) msg = message(e.getException());
            Matcher m = UNKNOWN_TOKEN.matcher(msg);
            if (m.find()) throw undefined(m.group(1).strip(), e.getLineno());
            throw new ExpressionException(at(e.getLineno()) + clean(msg, source), null, Math.max(0, e.getLineno()));
        }
    }

    private static ExpressionException translate(InterpretException e, String source) {
        if (e instanceof UnknownTokenException u) return undefined(u.getToken(), u.getLineNumber());
        // inside a tag ({% for %}, {% if %}) Jinjava wraps the error: keep the variable's name, so
        // a name that set_fact or register defines later is not taken for a mistake at load time
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof Undefined.UndefinedError u) return undefined(u.at(e.getLineNumber()));
        }
        return new ExpressionException(at(e.getLineNumber()) + clean(message(e), source), null, Math.max(0, e.getLineNumber()));
    }

    private static ExpressionException undefined(String token, int line) {
        Matcher m = NAME.matcher(token);
        String name = m.find() ? m.group() : token;
        return new ExpressionException(at(line) + "undefined variable '" + token + "'", name, Math.max(0, line));
    }

    private static ExpressionException undefined(Undefined.UndefinedError e) {
        String name = e.variable() == null ? null : topName(e.variable());
        return new ExpressionException(at(e.line()) + e.getMessage(), name, Math.max(0, e.line()));
    }

    private static String topName(String token) {
        Matcher m = NAME.matcher(token);
        return m.find() ? m.group() : token;
    }

    private static String at(int line) {
        return line > 1 ? "line " + line + ": " : "";
    }

    private static String clean(String msg, String source) {
        String m = msg.replace("Error parsing '" + source + "': ", "");
        int cause = m.lastIndexOf("Error: ");
        if (cause < 0) cause = m.lastIndexOf("Exception: ");
        if (cause >= 0) m = m.substring(m.indexOf(": ", cause) + 2);
        return m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m;
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
