package dev.bollard.expr;

import freemarker.core.Environment;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeMarker as Bollard's expression language: {@code ${...}} interpolation in strings, boolean
 * expressions in {@code when}, and whole-value expressions ({@code loop: ${users}}) that keep
 * their type. Parsed templates are cached: the same task string is rendered for every host.
 */
public final class Expressions {
    private static final Pattern WHOLE = Pattern.compile("^\\$\\{(.*)}$", Pattern.DOTALL);
    private static final Pattern UNDEFINED = Pattern.compile("==> ([A-Za-z_][A-Za-z0-9_]*)");
    private static final String RESULT = "bollard_result__";

    static {
        System.setProperty("org.freemarker.loggerLibrary", "none");
    }

    private final Configuration config;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    public Expressions() {
        config = new Configuration(Configuration.VERSION_2_3_34);
        config.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setNumberFormat("computer");
        config.setBooleanFormat("c");
        config.setAPIBuiltinEnabled(false);
        config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        config.setInterpolationSyntax(Configuration.DOLLAR_INTERPOLATION_SYNTAX);
        config.setTagSyntax(Configuration.ANGLE_BRACKET_TAG_SYNTAX);
    }

    public Configuration configuration() {
        return config;
    }

    /** True when the text holds anything FreeMarker would act on. */
    public static boolean isTemplate(String text) {
        return text.contains("${") || text.contains("<#") || text.contains("<@");
    }

    /** Renders a string; text with no {@code ${} is returned as it is. */
    public String render(String text, Map<String, Object> vars) throws ExpressionException {
        if (!isTemplate(text)) return text;
        return process(template(text, text), vars);
    }

    /**
     * Resolves a value from a playbook: strings are rendered, except that a string that is exactly
     * one {@code ${expr}} yields the expression's own value (a list stays a list); maps and lists
     * are resolved deeply.
     */
    public Object resolve(Object value, Map<String, Object> vars) throws ExpressionException {
        if (value instanceof String s) {
            Matcher m = WHOLE.matcher(s.strip());
            if (m.matches() && !m.group(1).contains("${") && !m.group(1).contains("}")) return evaluate(m.group(1), vars);
            return render(s, vars);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), resolve(e.getValue(), vars));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(resolve(o, vars));
            return out;
        }
        return value;
    }

    /** Evaluates one expression (without {@code ${}}) to a plain Java value. */
    public Object evaluate(String expression, Map<String, Object> vars) throws ExpressionException {
        String source = "<#assign " + RESULT + " = (" + expression + ")>";
        Template t = template(source, expression);
        try {
            Environment env = t.createProcessingEnvironment(vars, Writer.nullWriter());
            env.process();
            TemplateModel model = env.getVariable(RESULT);
            return model == null ? null : DeepUnwrap.unwrap(model);
        } catch (TemplateException e) {
            throw translate(e, expression);
        } catch (IOException e) {
            throw new ExpressionException(e.getMessage(), null);
        }
    }

    /** Evaluates a condition such as {@code when}; accepts a bare expression or one wrapped in {@code ${}}. */
    public boolean test(Object condition, Map<String, Object> vars) throws ExpressionException {
        if (condition instanceof Boolean b) return b;
        if (condition instanceof List<?> all) {
            for (Object c : all) {
                if (!test(c, vars)) return false;
            }
            return true;
        }
        String expr = String.valueOf(condition).strip();
        Matcher m = WHOLE.matcher(expr);
        if (m.matches()) expr = m.group(1);
        Object v = evaluate(expr, vars);
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
        throw new ExpressionException("condition '" + condition + "' is not true or false (it gave " + v + ")", null);
    }

    private Template template(String source, String shown) throws ExpressionException {
        Template cached = cache.get(source);
        if (cached != null) return cached;
        try {
            Template t = new Template("expression", new StringReader(source), config);
            cache.put(source, t);
            return t;
        } catch (ParseException e) {
            throw new ExpressionException("cannot parse '" + shown + "': " + firstLine(e.getEditorMessage()), null);
        } catch (IOException e) {
            throw new ExpressionException(e.getMessage(), null);
        }
    }

    private static String process(Template t, Map<String, Object> vars) throws ExpressionException {
        StringWriter out = new StringWriter();
        try {
            t.process(vars, out);
        } catch (TemplateException e) {
            throw translate(e, t.toString());
        } catch (IOException e) {
            throw new ExpressionException(e.getMessage(), null);
        }
        return out.toString();
    }

    static ExpressionException translate(TemplateException e, String source) {
        if (e instanceof InvalidReferenceException) {
            String blamed = e.getBlamedExpressionString();
            if (blamed != null) blamed = unwrapParens(blamed);
            Matcher m = UNDEFINED.matcher(e.getMessageWithoutStackTop());
            String name = blamed != null ? topName(blamed) : (m.find() ? m.group(1) : null);
            return new ExpressionException("undefined variable '" + (blamed == null ? name : blamed) + "'", name);
        }
        String msg = e.getMessageWithoutStackTop();
        return new ExpressionException(firstLine(msg), null);
    }

    private static String unwrapParens(String expr) {
        String s = expr.strip();
        while (s.startsWith("(") && s.endsWith(")")) s = s.substring(1, s.length() - 1).strip();
        return s;
    }

    private static String topName(String expr) {
        Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(expr);
        return m.find() ? m.group() : expr;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        for (String line : s.split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return s.strip();
    }
}
