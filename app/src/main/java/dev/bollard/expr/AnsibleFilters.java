package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.filter;

import com.hubspot.jinjava.interpret.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's filters with Ansible's semantics. Where Jinjava has a filter of the same name that
 * behaves differently (bool, split, regex_replace, union...), this one replaces it. Lists,
 * dictionaries and text have theirs in {@link ListFilters}, {@link DictFilters} and {@link TextFilters}.
 */
final class AnsibleFilters {
    private AnsibleFilters() {
    }

    static void register(Context c) {
        c.registerFilter(filter("bool", (v, a) -> toBool(v)));
        for (String name : List.of("default", "d")) {
            c.registerFilter(filter(name, (v, a) -> {
                boolean missing = v == null || v instanceof Undefined || (a.bool(1, "boolean", false) && !Py.truthy(v));
                return missing ? a.get(0, "default_value", "") : v;
            }));
        }
        c.registerFilter(filter("mandatory", (v, a) -> {
            if (v != null && !(v instanceof Undefined)) return v;
            String name = v == null || ((Undefined) v).name().isEmpty() ? "" : "'" + ((Undefined) v).name() + "' ";
            throw new IllegalArgumentException(a.string(0, "msg", "Mandatory variable " + name + "not defined."));
        }));
        c.registerFilter(filter("int", (v, a) -> toInt(v, a.get(0, "default", 0L), a.integer(1, "base", 10))));
        c.registerFilter(filter("float", (v, a) -> toFloat(v, a.get(0, "default", 0.0))));
        c.registerFilter(filter("string", (v, a) -> Py.str(v)));
        c.registerFilter(filter("join", (v, a) -> join(v, a.string(0, "d", ""), a.string(1, "attribute", null))));
        c.registerFilter(filter("regex_replace", AnsibleFilters::regexReplace));
        c.registerFilter(filter("regex_search", AnsibleFilters::regexSearch));
        c.registerFilter(filter("regex_findall", AnsibleFilters::regexFindall));
        c.registerFilter(filter("regex_escape", (v, a) -> Py.str(v).replaceAll("([^A-Za-z0-9_])", "\\\\$1")));
        c.registerFilter(filter("split", (v, a) -> {
            if (!(JinjaValues.out(v) instanceof String s)) throw new IllegalArgumentException("split expects a string, not " + Py.typeName(v));
            return split(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
        }));
        c.registerFilter(filter("to_json", (v, a) -> PyJson.dumps(v, indent(a, -1), a.bool(-1, "sort_keys", false), separators(a))));
        c.registerFilter(filter("to_nice_json", (v, a) -> PyJson.dumps(v, a.integer(0, "indent", 4), a.bool(1, "sort_keys", true), List.of(",", ": "))));
        c.registerFilter(filter("from_json", (v, a) -> PyYaml.fromJson(Py.str(v))));
        c.registerFilter(filter("to_yaml", (v, a) -> PyYaml.dump(v, a.integer(-1, "indent", 2), true)));
        c.registerFilter(filter("to_nice_yaml", (v, a) -> PyYaml.dump(v, a.integer(0, "indent", 4), false)));
        c.registerFilter(filter("from_yaml", (v, a) -> PyYaml.load(Py.str(v))));
        c.registerFilter(filter("b64encode", (v, a) -> Base64.getEncoder().encodeToString(Py.str(v).getBytes(StandardCharsets.UTF_8))));
        c.registerFilter(filter("b64decode", (v, a) -> b64decode(Py.str(v))));
        c.registerFilter(filter("password_hash", (v, a) -> {
            Object rounds = a.get(3, "rounds", null);
            return PasswordHash.hash(Py.str(v), a.string(0, "hashtype", "sha512"), a.string(1, "salt", null),
                    rounds == null || rounds instanceof PyNone ? null : a.integer(3, "rounds", 0));
        }));
        c.registerFilter(filter("ternary", (v, a) -> {
            Object noneVal = a.get(2, "none_val", null);
            if ((v == null || v instanceof PyNone) && noneVal != null && !(noneVal instanceof PyNone)) return noneVal;
            return Py.truthy(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null);
        }));
        c.registerFilter(filter("type_debug", (v, a) -> Py.typeName(v)));
        c.registerFilter(filter("zip", (v, a) -> {
            List<List<Object>> lists = new ArrayList<>();
            lists.add(Py.list(v, "zip"));
            for (Object o : a.positional()) lists.add(Py.list(o, "zip"));
            int n = lists.stream().mapToInt(List::size).min().orElse(0);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                final int k = i;
                out.add(PyTuple.of(lists.stream().map(l -> l.get(k)).toList()));
            }
            return out;
        }));
        c.registerFilter(filter("hash", (v, a) -> digest(Py.str(v), a.string(0, "hashtype", "sha1"))));
        c.registerFilter(filter("checksum", (v, a) -> digest(Py.str(v), "sha1")));
        c.registerFilter(filter("md5", (v, a) -> digest(Py.str(v), "md5")));
        c.registerFilter(filter("sha1", (v, a) -> digest(Py.str(v), "sha1")));
        ListFilters.register(c);
        DictFilters.register(c);
        TextFilters.register(c);
    }

    /** Ansible's {@code bool}: yes, on, 1 and true (any case) are true, None stays None, anything else is false. */
    static Object toBool(Object v) {
        Object p = JinjaValues.out(v);
        if (p == null || p instanceof Boolean) return p;
        if (p instanceof Number n) return n.doubleValue() == 1;
        if (p instanceof String s) {
            String t = s.toLowerCase(java.util.Locale.ROOT);
            return t.equals("yes") || t.equals("on") || t.equals("1") || t.equals("true");
        }
        return false;
    }

    /** Python's b64decode: characters outside the alphabet are skipped, but the padding must be right. */
    private static String b64decode(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9+/=]", "");
        if (clean.length() % 4 != 0) throw new IllegalArgumentException("b64decode: incorrect padding in '" + s + "'");
        try {
            return new String(Base64.getDecoder().decode(clean), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("b64decode: not base64 text: " + e.getMessage());
        }
    }

    /** {@code separators=(',', ':')} of to_json; by default Python's: {@code ', '} and {@code ': '}, or {@code ','} with an indent. */
    private static List<String> separators(JinjaFunction.Args a) {
        Object v = JinjaValues.out(a.get(-1, "separators", null));
        if (v == null) return null;
        if (!(v instanceof List<?> l) || l.size() != 2) throw new IllegalArgumentException("to_json: separators must be two strings, such as (',', ':')");
        return List.of(Py.str(l.get(0)), Py.str(l.get(1)));
    }

    /** {@code indent=} of to_json: absent means none at all; 0 still breaks lines, as Python's json does. */
    private static Integer indent(JinjaFunction.Args a, int position) {
        Object v = a.get(position, "indent", null);
        return v == null || v instanceof PyNone ? null : a.integer(position, "indent", 0);
    }

    /** Jinja2's {@code int}: Python's int() of the text, else of its float ("3.7" gives 3), else the default. */
    private static Object toInt(Object v, Object fallback, int base) {
        Object p = JinjaValues.out(v);
        if (p instanceof Boolean b) return b ? 1L : 0L;
        if (p instanceof Number n) return n.longValue();
        if (p == null) return fallback;
        String s = Py.str(p).strip().replaceAll("(?<=[0-9a-fA-F])_(?=[0-9a-fA-F])", "");
        try {
            return parseInt(s, base);
        } catch (NumberFormatException e) {
            Object f = toFloat(p, null);
            return f instanceof Double d && !d.isInfinite() && !d.isNaN() ? (Object) (long) (double) d : fallback;
        }
    }

    private static long parseInt(String s, int base) {
        String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String prefix = digits.length() > 1 && digits.charAt(0) == '0' ? digits.substring(0, 2).toLowerCase(java.util.Locale.ROOT) : "";
        int radix = base;
        if (prefix.equals("0x") && (base == 16 || base == 0)) radix = 16;
        else if (prefix.equals("0o") && (base == 8 || base == 0)) radix = 8;
        else if (prefix.equals("0b") && (base == 2 || base == 0)) radix = 2;
        else prefix = "";
        if (radix == 0) radix = 10;
        long n = Long.parseLong(digits.substring(prefix.length()), radix);
        return s.startsWith("-") ? -n : n;
    }

    /** Jinja2's {@code float}: Python's float() of the value, else the default. */
    private static Object toFloat(Object v, Object fallback) {
        Object p = JinjaValues.out(v);
        if (p instanceof Boolean b) return b ? 1.0 : 0.0;
        if (p instanceof Number n) return n.doubleValue();
        if (p == null) return fallback;
        String s = Py.str(p).strip().replaceAll("(?<=\\d)_(?=\\d)", "").toLowerCase(java.util.Locale.ROOT);
        if (s.matches("[+-]?(inf|infinity)")) return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (s.matches("[+-]?nan")) return Double.NaN;
        // Java would also take "1d", "0x1p3" and "Infinity", which Python does not
        if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) return fallback;
        return Double.parseDouble(s);
    }

    private static String join(Object v, String sep, String attribute) {
        List<String> parts = new ArrayList<>();
        for (Object o : Py.list(v, "join")) parts.add(Py.str(attribute == null ? o : Py.attribute(o, attribute)));
        return String.join(sep, parts);
    }

    /** Python's re.sub; {@code count} is Bollard's addition (Ansible 2.14 has no such argument). */
    private static Object regexReplace(Object v, JinjaFunction.Args a) {
        Pattern p = PyRegex.compile(a.string(0, "pattern", ""), a.bool(2, "ignorecase", false), a.bool(3, "multiline", false));
        String replacement = PyRegex.replacement(a.string(1, "replacement", ""));
        int count = a.integer(4, "count", 0);
        Matcher m = p.matcher(Py.str(v));
        if (count <= 0) return m.replaceAll(replacement);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (n < count && m.find()) {
            m.appendReplacement(sb, replacement);
            n++;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Python's re.findall: the match, its one group, or a tuple of its groups. */
    private static Object regexFindall(Object v, JinjaFunction.Args a) {
        Matcher m = PyRegex.compile(a.string(0, "regex", ""), a.bool(2, "ignorecase", false), a.bool(1, "multiline", false)).matcher(Py.str(v));
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() <= 1) out.add(m.groupCount() == 0 ? m.group() : nonNull(m.group(1)));
            else {
                Object[] groups = new Object[m.groupCount()];
                for (int g = 1; g <= m.groupCount(); g++) groups[g - 1] = nonNull(m.group(g));
                out.add(new PyTuple(groups));
            }
        }
        return out;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static Object regexSearch(Object v, JinjaFunction.Args a) {
        List<String> groups = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) groups.add(Py.str(a.positional()[i]));
        Matcher m = PyRegex.compile(a.string(0, "regex", ""), a.bool(-1, "ignorecase", false), a.bool(-1, "multiline", false))
                .matcher(Py.str(v));
        if (!m.find()) return PyNone.NONE;
        if (groups.isEmpty()) return m.group();
        List<Object> out = new ArrayList<>();
        for (String g : groups) out.add(PyRegex.group(m, g));
        return out;
    }

    static List<Object> split(String s, String sep, int maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = s.stripLeading();
            while (!rest.isEmpty()) {
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(rest.stripTrailing());
                    return out;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) i++;
                out.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
            }
            return out;
        }
        if (sep.isEmpty()) throw new IllegalArgumentException("split: empty separator");
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int i = s.indexOf(sep, from);
            if (i < 0) break;
            out.add(s.substring(from, i));
            from = i + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String digest(String s, String algorithm) {
        String java = switch (algorithm) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("hash: unknown hash type '" + algorithm + "'");
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(java).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
