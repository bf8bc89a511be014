package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.filter;

import com.hubspot.jinjava.interpret.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Filters on text and paths, as Ansible's and Jinja2's write them. */
final class TextFilters {
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|[\\n\\r\\x0b\\f\\x1c\\x1d\\x1e\\x85\\u2028\\u2029]");
    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+");
    private static final Map<String, String[]> COMMENT_STYLES = Map.of(
            // decoration, beginning, end
            "plain", new String[] {"# ", "", ""},
            "erlang", new String[] {"% ", "", ""},
            "c", new String[] {"// ", "", ""},
            "cblock", new String[] {" * ", "/*", " */"},
            "xml", new String[] {" - ", "<!--", "-->"});

    private TextFilters() {
    }

    static void register(Context c) {
        c.registerFilter(filter("trim", (v, a) -> {
            String chars = a.string(0, "chars", null);
            return chars == null ? Py.str(v).strip() : PythonMethods.strip(Py.str(v), chars, true, true);
        }));
        c.registerFilter(filter("quote", (v, a) -> quote(Py.str(v))));
        c.registerFilter(filter("comment", (v, a) -> comment(Py.str(v), a.string(0, "style", "plain"), a)));
        c.registerFilter(filter("indent", (v, a) -> {
            Object width = a.get(0, "width", 4L);
            String pad = width instanceof String s ? s : " ".repeat(a.integer(0, "width", 4));
            return indent(Py.str(v), pad, a.bool(1, "first", false), a.bool(2, "blank", false));
        }));
        c.registerFilter(filter("basename", (v, a) -> {
            String s = Py.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }));
        c.registerFilter(filter("dirname", (v, a) -> dirname(Py.str(v))));
        c.registerFilter(filter("splitext", (v, a) -> splitext(Py.str(v))));
        c.registerFilter(filter("expanduser", (v, a) -> Py.str(v).replaceFirst("^~(?=/|$)", Matcher.quoteReplacement(System.getProperty("user.home")))));
        c.registerFilter(filter("format", (v, a) -> {
            Map<?, ?> named = a.keywords() == null || a.keywords().isEmpty() ? null : a.keywords();
            return PyFormat.format(Py.str(v), Arrays.asList(a.positional()), named);
        }));
    }

    /** Python's {@code shlex.quote}. */
    static String quote(String s) {
        if (s.isEmpty()) return "''";
        if (SHELL_SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** {@code os.path.dirname}: the head of the path, its trailing slashes dropped unless it is all slashes. */
    static String dirname(String s) {
        int i = s.lastIndexOf('/');
        if (i < 0) return "";
        String head = s.substring(0, i + 1);
        return head.matches("/+") ? head : head.replaceAll("/+$", "");
    }

    /** {@code os.path.splitext}: a leading dot (.bashrc) is not an extension. */
    static List<Object> splitext(String s) {
        int slash = s.lastIndexOf('/');
        int dot = s.lastIndexOf('.');
        int nameStart = slash + 1;
        while (nameStart < s.length() && s.charAt(nameStart) == '.') nameStart++;
        if (dot < nameStart) return new PyTuple(s, "");
        return new PyTuple(s.substring(0, dot), s.substring(dot));
    }

    /**
     * Ansible's {@code comment}: a style gives the decoration and the opening and closing lines;
     * each may be overridden by keyword, with {@code prefix_count} and {@code postfix_count}.
     */
    static String comment(String text, String style, JinjaFunction.Args a) {
        String[] s = COMMENT_STYLES.get(style);
        if (s == null) throw new IllegalArgumentException("comment: unknown style '" + style + "' (use plain, erlang, c, cblock or xml)");
        Map<String, Object> kw = a.keywords() == null ? Map.of() : a.keywords();
        Map<String, String> p = new HashMap<>();
        String decoration = kw.containsKey("decoration") ? Py.str(kw.get("decoration")) : s[0];
        p.put("newline", "\n");
        p.put("beginning", s[1]);
        p.put("prefix", decoration.stripTrailing());
        p.put("prefix_count", "1");
        p.put("decoration", s[0]);
        p.put("postfix", decoration.stripTrailing());
        p.put("postfix_count", "1");
        p.put("end", s[2]);
        kw.forEach((k, v) -> p.put(k, Py.str(v)));
        String nl = p.get("newline");
        String dec = p.get("decoration");
        StringBuilder out = new StringBuilder();
        if (!p.get("beginning").isEmpty()) out.append(p.get("beginning")).append(nl);
        String prefix = p.get("prefix");
        if (!prefix.isEmpty()) out.append((prefix.equals(nl) ? nl : prefix + nl).repeat(Integer.parseInt(p.get("prefix_count"))));
        // every line gets the decoration; a line left empty gets it without trailing blanks, except the last
        out.append((dec + text.replace(nl, nl + dec)).replace(dec + nl, dec.stripTrailing() + nl));
        for (int i = 0; i < Integer.parseInt(p.get("postfix_count")); i++) out.append(nl).append(p.get("postfix"));
        if (!p.get("end").isEmpty()) out.append(nl).append(p.get("end"));
        return out.toString();
    }

    /** Jinja2's {@code indent}: the first line, and blank lines, are left alone unless asked. */
    static String indent(String s, String pad, boolean first, boolean blank) {
        // as Python's splitlines() of the text with a newline added
        List<String> lines = new ArrayList<>(Arrays.asList(LINE_BREAK.split(s + "\n", -1)));
        lines.remove(lines.size() - 1);
        String rv;
        if (blank) rv = String.join("\n" + pad, lines);
        else {
            StringBuilder sb = new StringBuilder(lines.get(0));
            for (String line : lines.subList(1, lines.size())) sb.append('\n').append(line.isEmpty() ? "" : pad).append(line);
            rv = sb.toString();
        }
        return first ? pad + rv : rv;
    }
}
