package dev.bollard.expr;

import dev.bollard.spi.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jinja, as Ansible evaluates it: {@code {{ }}} in any string, bare expressions in {@code when},
 * a value that is exactly one {@code {{ expr }}} keeps its type (a list stays a list). The engine
 * is built on first use, so a run whose playbook has no expression never pays for it. Template
 * files ending in {@code .ftl} are FreeMarker's; every other template is Jinja.
 */
public final class Expressions {
    private volatile Jinja jinja;
    private volatile FreeMarkerTemplates freeMarker;
    private final Map<String, List<String>> namesChecked = new ConcurrentHashMap<>();

    /** True when the text holds anything Jinja would act on. */
    public static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    /**
     * Renders a string; text without {@code {{}, {@code {%} or {@code {#} is returned as it is. A
     * value that is None renders as nothing, as Ansible prints it.
     */
    public String render(String text, Map<String, Object> vars) throws ExpressionException {
        Object v = resolve(text, vars);
        if (v == null) return "";
        return v instanceof String s ? s : Py.str(v);
    }

    /**
     * Resolves a value from a playbook: strings are rendered, except that a string that is exactly
     * one {@code {{ expr }}} yields the expression's own value; maps and lists are resolved deeply.
     */
    public Object resolve(Object value, Map<String, Object> vars) throws ExpressionException {
        if (value instanceof String s) {
            if (!isTemplate(s)) return s;
            checkNames(s, false);
            String whole = JinjaSource.whole(s);
            if (whole != null) {
                List<Object> path = SimplePaths.parse(whole);
                Object v = path == null ? SimplePaths.ENGINE : SimplePaths.read(path, vars);
                return v != SimplePaths.ENGINE ? JinjaValues.out(v) : engine().evaluate(whole, vars, true);
            }
            Object fast = SimplePaths.render(s, vars);
            return fast != SimplePaths.ENGINE ? fast : engine().render(s, vars, true);
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

    /** Evaluates one bare expression (without {@code {{ }}}) to a plain Java value. */
    public Object evaluate(String expression, Map<String, Object> vars) throws ExpressionException {
        checkNames(expression, true);
        List<Object> path = SimplePaths.parse(expression);
        Object v = path == null ? SimplePaths.ENGINE : SimplePaths.read(path, vars);
        return v != SimplePaths.ENGINE ? JinjaValues.out(v) : engine().evaluate(expression, vars, false);
    }

    /**
     * Evaluates a condition ({@code when}, {@code changed_when}, {@code assert.that}): a bare
     * expression, or one wrapped in {@code {{ }}}; a list means all of them. A bare expression's
     * value is true as Python finds it, so the text "no" is true, as in Ansible 2.14 (write
     * {@code flag | bool}). Ansible reads the text a wrapped one renders to as an expression
     * again: "False", "no", "off", "0" and "none" there are false.
     */
    public boolean test(Object condition, Map<String, Object> vars) throws ExpressionException {
        if (condition instanceof Boolean b) return b;
        if (condition == null) return false;
        if (condition instanceof List<?> all) {
            for (Object c : all) {
                if (!test(c, vars)) return false;
            }
            return true;
        }
        String expr = String.valueOf(condition).strip();
        String whole = JinjaSource.whole(expr);
        if (whole == null) {
            // "'{{ x }}' == 'y'": Ansible fills in the template first (and warns); so does Bollard
            if (isTemplate(expr)) expr = render(expr, vars);
            return Py.truthy(evaluate(expr, vars));
        }
        // written as a playbook value, so its backslashes are those of {{ }}
        checkNames(whole, true);
        return renderedTruth(engine().evaluate(whole, vars, true));
    }

    private static boolean renderedTruth(Object v) {
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            if (t.equals("false") || t.equals("no") || t.equals("off") || t.equals("0") || t.equals("none")) return false;
        }
        return Py.truthy(v);
    }

    /** Renders a template file: FreeMarker for {@code .ftl}, Jinja for any other name, as Ansible's template module. */
    public String renderFile(String fileName, String text, Map<String, Object> vars) throws ExpressionException {
        if (fileName.endsWith(".ftl")) return freeMarker().render(fileName, text, vars);
        checkNames(text, false);
        Object fast = SimplePaths.render(text, vars);
        return fast != SimplePaths.ENGINE ? (String) fast : engine().render(text, vars, false);
    }

    /**
     * Problems with the filters, tests and lookups a value names (deeply, for maps and lists),
     * without evaluating anything: for checks at load time. {@code bare} marks a condition.
     */
    public List<String> problems(Object value, boolean bare) {
        List<String> out = new ArrayList<>();
        collect(value, bare, out);
        return out;
    }

    private void collect(Object value, boolean bare, List<String> out) {
        if (value instanceof String s) {
            if (bare || isTemplate(s)) out.addAll(names(s, bare && !isTemplate(s)));
        } else if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) collect(v, false, out);
        } else if (value instanceof Collection<?> c) {
            for (Object v : c) collect(v, bare, out);
        }
    }

    private void checkNames(String text, boolean bare) throws ExpressionException {
        List<String> problems = names(text, bare);
        if (!problems.isEmpty()) throw new ExpressionException(problems.get(0), null);
    }

    private List<String> names(String text, boolean bare) {
        return namesChecked.computeIfAbsent((bare ? "B" : "T") + text, k -> {
            JinjaNames.Found found = JinjaNames.scan(text, bare);
            List<String> problems = new ArrayList<>();
            for (String code : found.expressions()) {
                if (SimplePaths.parse(code.strip()) != null) continue;
                String error = engine().syntaxError(code);
                if (error != null) problems.add("syntax error in '" + code.strip() + "': " + error);
            }
            if (found.filters().isEmpty() && found.tests().isEmpty() && found.lookups().isEmpty()) return problems;
            var globals = engine().globals();
            List<String> filterNames = globals.getAllFilters().stream().map(f -> f.getName()).toList();
            List<String> testNames = globals.getAllExpTests().stream().map(t -> t.getName()).toList();
            for (String f : found.filters()) {
                if (globals.getFilter(f) == null) problems.add("unknown filter '" + f + "'" + Suggest.closest(f, filterNames));
            }
            for (String t : found.tests()) {
                if (globals.getExpTest(t) == null) problems.add("unknown test '" + t + "'" + Suggest.closest(t, testNames));
            }
            for (String l : found.lookups()) {
                String plain = l.startsWith("ansible.builtin.") ? l.substring("ansible.builtin.".length()) : l;
                if (!Lookups.NAMES.contains(plain)) {
                    problems.add("lookup plugin '" + l + "' is not available in Bollard" + Suggest.closest(plain, Lookups.NAMES)
                            + " (available: " + String.join(", ", new java.util.TreeSet<>(Lookups.NAMES)) + ")");
                }
            }
            return problems;
        });
    }

    /** Whether the Jinja engine was needed so far (plain variable paths do not start it). */
    boolean engineStarted() {
        return jinja != null;
    }

    private Jinja engine() {
        Jinja j = jinja;
        if (j == null) {
            synchronized (this) {
                if (jinja == null) jinja = new Jinja();
                j = jinja;
            }
        }
        return j;
    }

    private FreeMarkerTemplates freeMarker() {
        FreeMarkerTemplates f = freeMarker;
        if (f == null) {
            synchronized (this) {
                if (freeMarker == null) freeMarker = new FreeMarkerTemplates();
                f = freeMarker;
            }
        }
        return f;
    }
}
