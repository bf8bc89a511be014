package dev.bollard.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jinjava.javax.el.ELContext;

/**
 * The methods of Python's {@code str} and {@code dict} that Ansible templates call
 * ({@code name.startswith('x')}, {@code line.split(':')}, {@code d.get('k', 'v')}), which a Java
 * String or Map does not have under those names.
 */
final class PythonMethods extends ReadOnlyResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) return null;
        Object[] args = params == null ? new Object[0] : params;
        String name = method.toString();
        Object result = NOT_HANDLED;
        if (base instanceof String s) result = string(s, name, args);
        else if (base instanceof Map<?, ?> m) result = dict(m, name, args);
        if (result == NOT_HANDLED) return null;
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object string(String s, String name, Object[] a) {
        return switch (name) {
            case "startswith" -> a.length > 0 && startsWith(s, a[0]);
            case "endswith" -> a.length > 0 && endsWith(s, a[0]);
            case "split" -> AnsibleFilters.split(s, a.length > 0 && !(a[0] instanceof PyNone) && a[0] != null ? Py.str(a[0]) : null,
                    a.length > 1 ? ((Number) a[1]).intValue() : -1);
            case "strip" -> a.length == 0 ? s.strip() : strip(s, Py.str(a[0]), true, true);
            case "lstrip" -> a.length == 0 ? s.stripLeading() : strip(s, Py.str(a[0]), true, false);
            case "rstrip" -> a.length == 0 ? s.stripTrailing() : strip(s, Py.str(a[0]), false, true);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "replace" -> a.length >= 2 ? s.replace(Py.str(a[0]), Py.str(a[1])) : NOT_HANDLED;
            case "splitlines" -> new ArrayList<Object>(s.lines().toList());
            case "find" -> a.length > 0 ? (long) s.indexOf(Py.str(a[0])) : NOT_HANDLED;
            case "count" -> a.length > 0 ? (long) count(s, Py.str(a[0])) : NOT_HANDLED;
            case "join" -> a.length > 0 ? String.join(s, Py.list(a[0], "join").stream().map(Py::str).toList()) : NOT_HANDLED;
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "format" -> format(s, a);
            default -> NOT_HANDLED;
        };
    }

    private static Object dict(Map<?, ?> m, String name, Object[] a) {
        return switch (name) {
            case "get" -> a.length == 0 ? NOT_HANDLED : m.containsKey(Py.str(a[0])) ? m.get(Py.str(a[0])) : a.length > 1 ? a[1] : PyNone.NONE;
            case "keys" -> new ArrayList<Object>(m.keySet());
            case "values" -> new ArrayList<Object>(m.values());
            case "items" -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, v) -> out.add(new PyTuple(k, v == null ? PyNone.NONE : v)));
                yield out;
            }
            default -> NOT_HANDLED;
        };
    }

    private static boolean startsWith(String s, Object prefix) {
        if (prefix instanceof List<?> l) return l.stream().anyMatch(p -> s.startsWith(Py.str(p)));
        return s.startsWith(Py.str(prefix));
    }

    private static boolean endsWith(String s, Object suffix) {
        if (suffix instanceof List<?> l) return l.stream().anyMatch(p -> s.endsWith(Py.str(p)));
        return s.endsWith(Py.str(suffix));
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int from = 0;
        int to = s.length();
        while (left && from < to && chars.indexOf(s.charAt(from)) >= 0) from++;
        while (right && to > from && chars.indexOf(s.charAt(to - 1)) >= 0) to--;
        return s.substring(from, to);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return sb.toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) return s.length() + 1;
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }

    /** {@code '{} and {}'.format(a, b)} and {@code '{0}'}; named fields are not supported. */
    private static String format(String s, Object[] a) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int end = s.indexOf('}', i);
                String field = s.substring(i + 1, end);
                int index = field.isEmpty() ? auto++ : Integer.parseInt(field);
                sb.append(Py.str(a[index]));
                i = end;
            } else sb.append(c);
        }
        return sb.toString();
    }
}
