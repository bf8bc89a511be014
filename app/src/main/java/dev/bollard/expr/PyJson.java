package dev.bollard.expr;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON written the way Python's {@code json.dumps} writes it, so that {@code to_json} and
 * {@code to_nice_json} give the same bytes as Ansible: {@code ", "} and {@code ": "} separators
 * ({@code ","} once indented), non-ASCII escaped, {@code indent} and {@code sort_keys} as Ansible
 * passes them.
 */
final class PyJson {
    private final int indent;
    private final boolean sort;
    private final String itemSeparator;
    private final String keySeparator;

    private PyJson(int indent, boolean sort, String itemSeparator, String keySeparator) {
        this.indent = indent;
        this.sort = sort;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
    }

    /** {@code indent} null writes one line; a number (0 too) puts each item on a line of its own. */
    static String dumps(Object v, Integer indent, boolean sortKeys, List<String> separators) {
        List<String> sep = separators != null ? separators : indent == null ? List.of(", ", ": ") : List.of(",", ": ");
        StringBuilder sb = new StringBuilder();
        new PyJson(indent == null ? -1 : indent, sortKeys, sep.get(0), sep.get(1)).write(sb, JinjaValues.out(v), 0);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object v, int depth) {
        if (v == null) sb.append("null");
        else if (v instanceof Boolean b) sb.append(b ? "true" : "false");
        else if (v instanceof Double || v instanceof Float) sb.append(number(((Number) v).doubleValue()));
        else if (v instanceof Number n) sb.append(n);
        else if (v instanceof Map<?, ?> m) {
            Map<?, ?> entries = sort ? new TreeMap<>(stringKeys(m)) : m;
            if (entries.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(sb, depth + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(keySeparator);
                write(sb, e.getValue(), depth + 1);
                if (it.hasNext()) sb.append(itemSeparator);
            }
            newline(sb, depth);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                newline(sb, depth + 1);
                write(sb, it.next(), depth + 1);
                if (it.hasNext()) sb.append(itemSeparator);
            }
            newline(sb, depth);
            sb.append(']');
        } else string(sb, String.valueOf(v));
    }

    private static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Py.number(d);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    private void newline(StringBuilder sb, int depth) {
        if (indent < 0) return;
        sb.append('\n');
        sb.append(" ".repeat(indent * depth));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
