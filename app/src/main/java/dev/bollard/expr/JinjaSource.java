package dev.bollard.expr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template text made ready for Jinjava, which reads string literals and braces differently from
 * Jinja2:
 * <ul>
 * <li>Inside {@code {{ }}} of a playbook value a backslash in a string literal is a plain
 * character, as Ansible doubles it before Jinja sees it: {@code regex_replace('(\d+)', '<\1>')}
 * needs no second backslash. Elsewhere (bare conditions, {@code {% %}}, template files) a literal
 * is read as Python reads it: {@code \n} is a newline, {@code \d} stays {@code \d}.</li>
 * <li>A bracket closed right before the closing braces ({@code {{ {'a': {}} }}}) does not end the
 * expression: Jinja2 counts brackets, Jinjava does not, so a space is put between them.</li>
 * </ul>
 * Text without a backslash and without such braces is returned as it is.
 */
final class JinjaSource {
    private static final Pattern RAW = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");
    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");

    private JinjaSource() {
    }

    /** A template; {@code playbook} makes backslashes in {@code {{ }}} literal, as Ansible does for playbook values. */
    static String template(String text, boolean playbook) {
        if (!needsWork(text)) return text;
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int open = nextOpen(text, i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, open);
            char kind = text.charAt(open + 1);
            if (kind == '#') {
                int end = text.indexOf("#}", open + 2);
                end = end < 0 ? text.length() : end + 2;
                out.append(text, open, end);
                i = end;
                continue;
            }
            Matcher raw = RAW.matcher(text).region(open, text.length());
            if (kind == '%' && raw.lookingAt()) {
                Matcher endRaw = END_RAW.matcher(text);
                int end = endRaw.find(raw.end()) ? endRaw.end() : text.length();
                out.append(text, open, end);
                i = end;
                continue;
            }
            out.append(text, open, open + 2);
            i = code(text, open + 2, kind == '{' ? '}' : '%', playbook && kind == '{', out);
        }
        return out.toString();
    }

    /** A bare expression; {@code literal} as for {@code {{ }}} in a playbook value. */
    static String expression(String expr, boolean literal) {
        if (!needsWork(expr)) return expr;
        StringBuilder out = new StringBuilder(expr.length() + 16);
        code(expr, 0, (char) 0, literal, out);
        return out.toString();
    }

    /**
     * The expression inside a text that is exactly one {@code {{ expr }}}, or null. Text around it,
     * even a final newline ({@code content: "{{ x | to_json }}\n"}), makes the value a string.
     */
    static String whole(String text) {
        String s = text;
        if (!s.startsWith("{{") || !s.endsWith("}}")) return null;
        StringBuilder ignored = new StringBuilder();
        int end = code(s, 2, '}', false, ignored);
        return end == s.length() ? s.substring(2, s.length() - 2).strip() : null;
    }

    /** The index just after the {@code }}} or {@code %}} that closes the code opened before {@code from}. */
    static int end(String text, int from, char close) {
        return code(text, from, close, false, new StringBuilder());
    }

    private static boolean needsWork(String text) {
        return text.indexOf('\\') >= 0 || count(text, "}}") > count(text, "{{") || text.contains("}}}");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 2)) n++;
        return n;
    }

    private static int nextOpen(String text, int from) {
        for (int i = text.indexOf('{', from); i >= 0 && i + 1 < text.length(); i = text.indexOf('{', i + 1)) {
            char c = text.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
        }
        return -1;
    }

    /**
     * Copies code up to and including its closing {@code close}{@code }} (or to the end when
     * {@code close} is 0), rewriting string literals; returns the index after it.
     */
    private static int code(String text, int from, char close, boolean literal, StringBuilder out) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = string(text, i, literal, out);
                continue;
            }
            if (depth == 0 && close != 0 && c == close && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                out.append(c).append('}');
                return i + 2;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
                out.append(c);
                if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') out.append(' ');
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return i;
    }

    /** Copies one string literal starting at {@code start}, in the form Jinjava reads; returns the index after it. */
    private static int string(String text, int start, boolean literal, StringBuilder out) {
        char quote = text.charAt(start);
        int i = start + 1;
        StringBuilder value = new StringBuilder();
        while (i < text.length() && text.charAt(i) != quote) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(i + 1);
                if (n == quote) {
                    value.append(quote);
                    i += 2;
                } else if (literal) {
                    value.append(c);
                    i++;
                } else {
                    i = pythonEscape(text, i, value);
                }
            } else {
                value.append(c);
                i++;
            }
        }
        if (i >= text.length()) {
            // unterminated: left for the parser to report
            out.append(text, start, text.length());
            return text.length();
        }
        out.append('\'');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\\' || c == '\'') out.append('\\');
            out.append(c);
        }
        out.append('\'');
        return i + 1;
    }

    /** Reads the escape at {@code i} (a backslash) as a Python string literal does; returns the index after it. */
    private static int pythonEscape(String text, int i, StringBuilder value) {
        char n = text.charAt(i + 1);
        String simple = switch (n) {
            case '\\' -> "\\";
            case '\'' -> "'";
            case '"' -> "\"";
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'v' -> "\u000b";
            case '\n' -> "";
            default -> null;
        };
        if (simple != null) {
            value.append(simple);
            return i + 2;
        }
        int digits = n == 'x' ? 2 : n == 'u' ? 4 : n == 'U' ? 8 : 0;
        if (digits > 0 && i + 2 + digits <= text.length() && text.substring(i + 2, i + 2 + digits).matches("[0-9a-fA-F]+")) {
            value.appendCodePoint(Integer.parseInt(text.substring(i + 2, i + 2 + digits), 16));
            return i + 2 + digits;
        }
        int end = i + 1;
        while (end < text.length() && end < i + 4 && text.charAt(end) >= '0' && text.charAt(end) <= '7') end++;
        if (end > i + 1) {
            value.append((char) Integer.parseInt(text.substring(i + 1, end), 8));
            return end;
        }
        // an unknown escape such as \d is kept, backslash and all, as Python keeps it
        value.append('\\').append(n);
        return i + 2;
    }
}
