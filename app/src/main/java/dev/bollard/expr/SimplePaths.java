package dev.bollard.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Most expressions in playbooks are a variable and its keys ({@code {{ item }}},
 * {@code {{ result.stdout }}}, {@code {{ users[0] }}}). Those are read here straight from the
 * variables, with Ansible's meaning (an undefined name or a missing key is an error, None prints
 * as nothing), so that a play made only of them never starts the Jinja engine, and the ones that
 * do cost a map lookup instead of an interpreter. Anything else, including a variable whose value
 * is itself a template, is left to the engine.
 */
final class SimplePaths {
    /** What {@link #read} returns when the engine must answer. */
    static final Object ENGINE = new Object();
    private static final Pattern PATH = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*|\\.\\d+|\\[\\d+]|\\['[^'\\\\]*']|\\[\"[^\"\\\\]*\"])*)\\s*");
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\.(\\d+)|\\[(\\d+)]|\\['([^']*)']|\\[\"([^\"]*)\"]");
    private static final Set<String> WORDS = Set.of("true", "false", "none", "True", "False", "None", "not", "and", "or", "in",
            "is", "if", "else", "loop", "range", "lookup", "query", "q", "omit_placeholder", "empty", "div", "mod");
    private static final List<Object> NOT_SIMPLE = List.of();
    private static final Map<String, List<Object>> CACHE = new ConcurrentHashMap<>();

    private SimplePaths() {
    }

    /** The steps of a plain variable path (a name, then keys or indexes), or null when it is anything else. */
    static List<Object> parse(String expression) {
        List<Object> steps = CACHE.computeIfAbsent(expression, SimplePaths::compile);
        return steps == NOT_SIMPLE ? null : steps;
    }

    private static List<Object> compile(String expression) {
        Matcher m = PATH.matcher(expression);
        if (!m.matches() || WORDS.contains(m.group(1))) return NOT_SIMPLE;
        List<Object> steps = new ArrayList<>();
        steps.add(m.group(1));
        Matcher s = STEP.matcher(m.group(2));
        while (s.find()) {
            if (s.group(1) != null) steps.add(s.group(1));
            else if (s.group(2) != null) steps.add(Integer.parseInt(s.group(2)));
            else if (s.group(3) != null) steps.add(Integer.parseInt(s.group(3)));
            else steps.add(s.group(4) != null ? s.group(4) : s.group(5));
        }
        return steps;
    }

    /** The value at the path, or {@link #ENGINE} when only the engine can say (it also words the errors). */
    static Object read(List<Object> steps, Map<String, Object> vars) {
        String name = (String) steps.get(0);
        if (!vars.containsKey(name)) return ENGINE;
        Object v = vars.get(name);
        for (int i = 1; i < steps.size(); i++) {
            if (isTemplate(v)) return ENGINE;
            Object step = steps.get(i);
            if (v instanceof Map<?, ?> m && step instanceof String key) {
                if (!m.containsKey(key)) return ENGINE;
                v = m.get(key);
            } else if (v instanceof List<?> l && step instanceof Integer index && index < l.size()) {
                v = l.get(index);
            } else {
                return ENGINE;
            }
        }
        return isTemplate(v) ? ENGINE : v;
    }

    private static boolean isTemplate(Object v) {
        return v instanceof String s && Expressions.isTemplate(s);
    }

    /**
     * A template whose only code is {@code {{ path }}} references, rendered without the engine;
     * {@link #ENGINE} when it holds anything else.
     */
    static Object render(String text, Map<String, Object> vars) {
        if (text.contains("{%") || text.contains("{#")) return ENGINE;
        StringBuilder out = new StringBuilder(text.length() + 32);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) return ENGINE;
            String inside = text.substring(open + 2, close);
            if (inside.startsWith("-") || inside.endsWith("-")) return ENGINE;
            List<Object> steps = parse(inside);
            if (steps == null) return ENGINE;
            Object v = read(steps, vars);
            if (v == ENGINE) return ENGINE;
            out.append(text, i, open);
            if (v != null && !(v instanceof PyNone)) out.append(Py.str(v));
            i = close + 2;
        }
        return out.toString();
    }
}
