package dev.bollard.expr;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Python's view of Java values, as Ansible's templates print and test them. */
final class Py {
    private Py() {
    }

    /** {@code str(v)}: True, None, ['a', 1], {'k': 'v'}. */
    static String str(Object v) {
        v = JinjaValues.out(v);
        if (v instanceof String s) return s;
        return repr(v);
    }

    static String repr(Object v) {
        if (v == null || v instanceof PyNone) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof String s) return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) return number(((Number) v).doubleValue());
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                if (it.hasNext()) sb.append(", ");
            }
            return sb.append('}').toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                sb.append(repr(it.next()));
                if (it.hasNext()) sb.append(", ");
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16) return String.valueOf((long) d) + ".0";
        return String.valueOf(d);
    }

    /** Python's truth: empty strings, collections, zero and None are false. */
    static boolean truthy(Object v) {
        v = JinjaValues.out(v);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    /** Ansible's {@code bool} filter: yes/on/1/true (any case) are true, everything else false. */
    static boolean bool(Object v) {
        v = JinjaValues.out(v);
        if (v instanceof Boolean b) return b;
        if (v == null) return false;
        if (v instanceof Number n) return n.doubleValue() == 1;
        String s = String.valueOf(v).strip().toLowerCase(java.util.Locale.ROOT);
        return s.equals("yes") || s.equals("on") || s.equals("1") || s.equals("true") || s.equals("y") || s.equals("t");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String filter) {
        Object plain = JinjaValues.out(v);
        if (plain instanceof List<?> l) return (List<Object>) l;
        if (plain instanceof Map<?, ?> m) return new java.util.ArrayList<>(m.keySet());
        if (plain instanceof String s) {
            List<Object> chars = new java.util.ArrayList<>();
            s.codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
            return chars;
        }
        throw new IllegalArgumentException(filter + " expects a list, not " + typeName(plain));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v, String filter) {
        Object plain = JinjaValues.out(v);
        if (plain instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(filter + " expects a dictionary, not " + typeName(plain));
    }

    static String typeName(Object v) {
        v = JinjaValues.out(v);
        if (v == null) return "NoneType";
        if (v instanceof String) return "str";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Long || v instanceof Integer) return "int";
        if (v instanceof Number) return "float";
        if (v instanceof List) return "list";
        if (v instanceof Map) return "dict";
        return v.getClass().getSimpleName();
    }
}
