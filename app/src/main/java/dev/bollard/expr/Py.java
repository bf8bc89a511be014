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
        if (v instanceof String s) return string(s);
        if (v instanceof Character c) return string(String.valueOf(c));
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
        if (v instanceof PyTuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.size(); i++) sb.append(i > 0 ? ", " : "").append(repr(t.get(i)));
            return sb.append(t.size() == 1 ? ",)" : ")").toString();
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

    /** Python's {@code repr(str)}: single quotes unless the text has one and no double quote. */
    static String string(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == quote) sb.append('\\').append(c);
                    else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0xa0) || c == 0xad) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append(quote).toString();
    }

    /** Python's {@code repr(float)}: the shortest digits, with an exponent below 1e-4 and from 1e16 on. */
    static String number(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
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

    /**
     * A filter's on/off argument ({@code default(x, true)}, {@code recursive=yes}): true, yes, on,
     * 1, y and t in any case. The {@code bool} filter itself is stricter ({@link AnsibleFilters#toBool}).
     */
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

    /**
     * A stand-in that is equal, and hashes the same, for values Python finds equal: 1, 1.0 and
     * True; lists and dictionaries by content.
     */
    static Object key(Object v) {
        Object p = JinjaValues.out(v);
        if (p instanceof Boolean b) return b ? 1L : 0L;
        if (p instanceof Integer || p instanceof Short || p instanceof Byte) return ((Number) p).longValue();
        if (p instanceof Double || p instanceof Float || p instanceof BigDecimal) {
            double d = ((Number) p).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (Object) (long) d : (Object) d;
        }
        if (p instanceof List<?> l) return l.stream().map(Py::key).toList();
        if (p instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.HashMap<>();
            m.forEach((k, x) -> out.put(key(k), key(x)));
            return out;
        }
        return p;
    }

    /** Python's {@code <}: numbers with numbers, strings with strings, lists item by item; anything else is an error. */
    static int compare(Object x, Object y) {
        Object a = JinjaValues.out(x);
        Object b = JinjaValues.out(y);
        if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
            return Double.compare(numeric(a), numeric(b));
        }
        if (a instanceof String s && b instanceof String t) return s.compareTo(t);
        if (a instanceof List<?> l && b instanceof List<?> m) {
            for (int i = 0; i < Math.min(l.size(), m.size()); i++) {
                int c = compare(l.get(i), m.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(l.size(), m.size());
        }
        throw new IllegalArgumentException("'<' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static double numeric(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    }

    /** Jinja2's attribute path: {@code 'a.b'} or {@code 'list.0'}; what is missing is {@link Undefined}. */
    static Object attribute(Object item, String path) {
        Object v = item;
        for (String part : path.split("\\.")) {
            Object plain = v instanceof JinjaValues.NullSafeMap || v instanceof Map || v instanceof List ? v : JinjaValues.out(v);
            if (plain instanceof Map<?, ?> m && m.containsKey(part)) v = m.get(part);
            else if (plain instanceof List<?> l && part.matches("-?\\d+") && Math.abs(Integer.parseInt(part)) < l.size() + (part.startsWith("-") ? 1 : 0)) {
                int i = Integer.parseInt(part);
                v = l.get(i < 0 ? l.size() + i : i);
            } else return new Undefined(part, true);
        }
        return v instanceof PyNone ? null : v;
    }
}
