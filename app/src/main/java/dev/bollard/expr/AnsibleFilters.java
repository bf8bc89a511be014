package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.filter;

import com.hubspot.jinjava.interpret.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * Ansible's filters with Ansible's semantics. Where Jinjava has a filter of the same name that
 * behaves differently (bool, split, regex_replace, union...), this one replaces it.
 */
final class AnsibleFilters {
    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+");

    private AnsibleFilters() {
    }

    static void register(Context c) {
        c.registerFilter(filter("bool", (v, a) -> Py.bool(v)));
        for (String name : java.util.List.of("default", "d")) {
            c.registerFilter(filter(name, (v, a) -> {
                boolean missing = v == null || v instanceof Undefined || (a.bool(1, "boolean", false) && !Py.truthy(v));
                return missing ? a.get(0, "default_value", "") : v;
            }));
        }
        c.registerFilter(filter("mandatory", (v, a) -> {
            if (v == null || v instanceof Undefined) throw new IllegalArgumentException(a.string(0, "msg", "Mandatory variable not defined."));
            return v;
        }));
        c.registerFilter(filter("int", (v, a) -> toInt(v, a.get(0, "default", 0L), a.integer(1, "base", 10))));
        c.registerFilter(filter("float", (v, a) -> toFloat(v, a.get(0, "default", 0.0))));
        c.registerFilter(filter("string", (v, a) -> Py.str(v)));
        c.registerFilter(filter("join", (v, a) -> join(v, a.string(0, "d", ""), a.string(1, "attribute", null))));
        c.registerFilter(filter("regex_replace", (v, a) -> regexReplace(v, a)));
        c.registerFilter(filter("regex_search", AnsibleFilters::regexSearch));
        c.registerFilter(filter("regex_findall", (v, a) -> {
            Matcher m = PyRegex.compile(a.string(0, "regex", ""), a.bool(2, "ignorecase", false), a.bool(1, "multiline", false)).matcher(Py.str(v));
            List<Object> out = new ArrayList<>();
            while (m.find()) out.add(m.groupCount() == 0 ? m.group() : m.group(1));
            return out;
        }));
        c.registerFilter(filter("regex_escape", (v, a) -> Py.str(v).replaceAll("([^A-Za-z0-9_])", "\\\\$1")));
        c.registerFilter(filter("split", (v, a) -> split(Py.str(v), a.string(0, "sep", null), a.integer(1, "maxsplit", -1))));
        c.registerFilter(filter("unique", (v, a) -> new ArrayList<>(new LinkedHashSet<>(Py.list(v, "unique")))));
        c.registerFilter(filter("union", (v, a) -> {
            Set<Object> s = new LinkedHashSet<>(Py.list(v, "union"));
            s.addAll(Py.list(a.get(0, null, List.of()), "union"));
            return new ArrayList<>(s);
        }));
        c.registerFilter(filter("difference", (v, a) -> {
            List<Object> other = Py.list(a.get(0, null, List.of()), "difference");
            return new ArrayList<>(new LinkedHashSet<>(Py.list(v, "difference").stream().filter(x -> !other.contains(x)).toList()));
        }));
        c.registerFilter(filter("intersect", (v, a) -> {
            List<Object> other = Py.list(a.get(0, null, List.of()), "intersect");
            return new ArrayList<>(new LinkedHashSet<>(Py.list(v, "intersect").stream().filter(other::contains).toList()));
        }));
        c.registerFilter(filter("symmetric_difference", (v, a) -> {
            List<Object> x = Py.list(v, "symmetric_difference");
            List<Object> y = Py.list(a.get(0, null, List.of()), "symmetric_difference");
            Set<Object> out = new LinkedHashSet<>(x.stream().filter(e -> !y.contains(e)).toList());
            out.addAll(y.stream().filter(e -> !x.contains(e)).toList());
            return new ArrayList<>(out);
        }));
        c.registerFilter(filter("combine", AnsibleFilters::combine));
        c.registerFilter(filter("dict2items", (v, a) -> {
            List<Object> out = new ArrayList<>();
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            Py.map(v, "dict2items").forEach((key, value) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put(k, key);
                item.put(val, value);
                out.add(item);
            });
            return out;
        }));
        c.registerFilter(filter("items2dict", (v, a) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            for (Object item : Py.list(v, "items2dict")) {
                Map<String, Object> m = Py.map(item, "items2dict");
                out.put(Py.str(m.get(k)), m.get(val));
            }
            return out;
        }));
        c.registerFilter(filter("to_json", (v, a) -> PyJson.dumps(v, a.integer(-1, "indent", 0), a.bool(-1, "sort_keys", false))));
        c.registerFilter(filter("to_nice_json", (v, a) -> PyJson.dumps(v, a.integer(0, "indent", 4), a.bool(-1, "sort_keys", true))));
        c.registerFilter(filter("from_json", (v, a) -> PyYaml.fromJson(Py.str(v))));
        c.registerFilter(filter("to_yaml", (v, a) -> PyYaml.dump(v, a.integer(-1, "indent", 2), true)));
        c.registerFilter(filter("to_nice_yaml", (v, a) -> PyYaml.dump(v, a.integer(0, "indent", 4), false)));
        c.registerFilter(filter("from_yaml", (v, a) -> PyYaml.load(Py.str(v))));
        c.registerFilter(filter("b64encode", (v, a) -> Base64.getEncoder().encodeToString(Py.str(v).getBytes(StandardCharsets.UTF_8))));
        c.registerFilter(filter("b64decode", (v, a) -> new String(Base64.getMimeDecoder().decode(Py.str(v)), StandardCharsets.UTF_8)));
        c.registerFilter(filter("basename", (v, a) -> {
            String s = Py.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }));
        c.registerFilter(filter("dirname", (v, a) -> {
            String s = Py.str(v);
            int i = s.lastIndexOf('/');
            if (i < 0) return "";
            String head = s.substring(0, i + 1);
            return head.matches("/+") ? head : head.replaceAll("/+$", "");
        }));
        c.registerFilter(filter("quote", (v, a) -> quote(Py.str(v))));
        c.registerFilter(filter("comment", (v, a) -> comment(Py.str(v), a.string(0, "style", "plain"), a)));
        c.registerFilter(filter("indent", (v, a) -> indent(Py.str(v), a.integer(0, "width", 4), a.bool(1, "first", false), a.bool(2, "blank", false))));
        c.registerFilter(filter("password_hash", (v, a) -> passwordHash(Py.str(v), a)));
        c.registerFilter(filter("ternary", (v, a) -> {
            if (a.size() > 2 && (v == null || v instanceof PyNone)) return a.get(2, "none_val", null);
            return Py.truthy(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null);
        }));
        c.registerFilter(filter("flatten", (v, a) -> flatten(Py.list(v, "flatten"), a.integer(0, "levels", Integer.MAX_VALUE))));
        c.registerFilter(filter("type_debug", (v, a) -> Py.typeName(v)));
        c.registerFilter(filter("min", (v, a) -> Py.list(v, "min").stream().min(AnsibleFilters::compare).orElse(null)));
        c.registerFilter(filter("max", (v, a) -> Py.list(v, "max").stream().max(AnsibleFilters::compare).orElse(null)));
        c.registerFilter(filter("sum", (v, a) -> sum(Py.list(v, "sum"), a.string(0, "attribute", null), a.get(1, "start", 0L))));
        c.registerFilter(filter("zip", (v, a) -> {
            List<Object> x = Py.list(v, "zip");
            List<Object> y = Py.list(a.get(0, null, List.of()), "zip");
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) out.add(List.of(x.get(i), y.get(i)));
            return out;
        }));
        c.registerFilter(filter("hash", (v, a) -> digest(Py.str(v), a.string(0, "hashtype", "sha1"))));
        c.registerFilter(filter("checksum", (v, a) -> digest(Py.str(v), "sha1")));
        c.registerFilter(filter("md5", (v, a) -> digest(Py.str(v), "md5")));
        c.registerFilter(filter("sha1", (v, a) -> digest(Py.str(v), "sha1")));
        c.registerFilter(filter("splitext", (v, a) -> {
            String s = Py.str(v);
            int dot = s.lastIndexOf('.');
            int slash = s.lastIndexOf('/');
            if (dot <= slash + 1) return List.of(s, "");
            return List.of(s.substring(0, dot), s.substring(dot));
        }));
        c.registerFilter(filter("expanduser", (v, a) -> Py.str(v).replaceFirst("^~(?=/|$)", Matcher.quoteReplacement(System.getProperty("user.home")))));
    }

    private static Object toInt(Object v, Object fallback, int base) {
        Object p = JinjaValues.out(v);
        if (p instanceof Boolean b) return b ? 1L : 0L;
        if (p instanceof Number n) return n.longValue();
        String s = p == null ? "" : Py.str(p).strip();
        try {
            if (base != 10) return Long.parseLong(s.replaceFirst("^0[xXoObB]", ""), base);
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return fallback;
            }
        }
    }

    private static Object toFloat(Object v, Object fallback) {
        Object p = JinjaValues.out(v);
        if (p instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(Py.str(p).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String join(Object v, String sep, String attribute) {
        List<String> parts = new ArrayList<>();
        for (Object o : Py.list(v, "join")) {
            parts.add(Py.str(attribute == null ? o : Py.map(o, "join").get(attribute)));
        }
        return String.join(sep, parts);
    }

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

    @SuppressWarnings("unchecked")
    private static Object combine(Object v, JinjaFunction.Args a) {
        boolean recursive = a.bool(-1, "recursive", false);
        Map<String, Object> out = new LinkedHashMap<>(Py.map(v, "combine"));
        for (Object other : a.positional()) {
            Object plain = JinjaValues.out(other);
            List<Object> layers = plain instanceof List<?> l ? (List<Object>) l : List.of(plain);
            for (Object layer : layers) merge(out, Py.map(layer, "combine"), recursive);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from, boolean recursive) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            Object mine = into.get(e.getKey());
            if (recursive && mine instanceof Map<?, ?> m && e.getValue() instanceof Map<?, ?> theirs) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) m);
                merge(merged, (Map<String, Object>) theirs, true);
                into.put(e.getKey(), merged);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    static String quote(String s) {
        if (s.isEmpty()) return "''";
        if (SHELL_SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static String comment(String text, String style, JinjaFunction.Args a) {
        String decoration = switch (style) {
            case "erlang" -> "% ";
            case "c" -> "// ";
            case "cblock" -> " * ";
            case "xml" -> " - ";
            default -> "# ";
        };
        decoration = a.string(-1, "decoration", decoration);
        String beginning = a.string(-1, "beginning", style.equals("cblock") ? "/*" : style.equals("xml") ? "<!--" : "");
        String end = a.string(-1, "end", style.equals("cblock") ? " */" : style.equals("xml") ? "-->" : "");
        String prefix = a.string(-1, "prefix", decoration.stripTrailing());
        String postfix = a.string(-1, "postfix", decoration.stripTrailing());
        StringBuilder sb = new StringBuilder();
        if (!beginning.isEmpty()) sb.append(beginning).append('\n');
        if (!prefix.isEmpty()) sb.append(prefix).append('\n');
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(lines[i].isEmpty() ? decoration.stripTrailing() : decoration + lines[i]);
            if (i < lines.length - 1) sb.append('\n');
        }
        if (!postfix.isEmpty()) sb.append('\n').append(postfix);
        if (!end.isEmpty()) sb.append('\n').append(end);
        return sb.toString();
    }

    /** Jinja2's {@code indent}: the first line and blank lines are left alone unless asked. */
    static String indent(String s, int width, boolean first, boolean blank) {
        String pad = " ".repeat(width);
        List<String> lines = new ArrayList<>(List.of((s + "\n").split("\r\n|\n|\r", -1)));
        lines.remove(lines.size() - 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i > 0) sb.append('\n');
            if (i > 0 && (blank || !line.isEmpty())) sb.append(pad);
            sb.append(line);
        }
        return (first ? pad : "") + sb;
    }

    private static String passwordHash(String password, JinjaFunction.Args a) {
        String scheme = a.string(0, "hashtype", "sha512");
        if (!scheme.equals("sha512") && !scheme.equals("sha512_crypt")) {
            throw new IllegalArgumentException("password_hash: only 'sha512' is available, not '" + scheme + "'");
        }
        String salt = a.string(1, "salt", null);
        if (salt == null) {
            String chars = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            SecureRandom r = new SecureRandom();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) sb.append(chars.charAt(r.nextInt(chars.length())));
            salt = sb.toString();
        }
        int rounds = a.integer(2, "rounds", 5000);
        String setting = rounds == 5000 ? "$6$" + salt : "$6$rounds=" + rounds + "$" + salt;
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), setting);
    }

    private static List<Object> flatten(List<Object> list, int levels) {
        List<Object> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof List<?> inner && levels > 0) out.addAll(flatten(new ArrayList<>(inner), levels - 1));
            else if (o != null) out.add(o);
        }
        return out;
    }

    /** Jinja's {@code sum}: whole numbers add up to a whole number (8603, not 8603.0). */
    private static Object sum(List<Object> items, String attribute, Object start) {
        Object total = JinjaValues.out(start);
        for (Object o : items) {
            Object n = JinjaValues.out(attribute == null ? o : Py.map(o, "sum").get(attribute));
            if (n instanceof Boolean b) n = b ? 1L : 0L;
            if (!(total instanceof Number x) || !(n instanceof Number y)) {
                throw new IllegalArgumentException("sum: cannot add " + Py.typeName(n) + " to " + Py.typeName(total));
            }
            total = whole(x) && whole(y) ? (Object) (x.longValue() + y.longValue()) : (Object) (x.doubleValue() + y.doubleValue());
        }
        return total;
    }

    private static boolean whole(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof java.math.BigInteger;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) return Double.compare(a.doubleValue(), b.doubleValue());
        if (x instanceof Comparable a) return a.compareTo(y);
        return Py.str(x).compareTo(Py.str(y));
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
