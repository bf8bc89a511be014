package dev.bollard.expr;

/**
 * Jinja that Jinjava does not parse, rewritten to what it does: {@code item.0} (an index written
 * with a dot, common with {@code with_together} and {@code subelements}) becomes {@code item[0]}.
 * String literals and the text around {@code {{ }}} / {@code {% %}} are left alone.
 */
final class JinjaSyntax {
    private JinjaSyntax() {
    }

    /** A bare expression, rewritten. */
    static String expression(String expr) {
        return expr.indexOf('.') < 0 ? expr : code(expr);
    }

    /** A template: only the code inside its delimiters is rewritten. */
    static String template(String text) {
        if (text.indexOf('.') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int open = nextOpen(text, i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            String close = text.charAt(open + 1) == '{' ? "}}" : "%}";
            int end = text.indexOf(close, open + 2);
            if (end < 0) {
                out.append(text, i, text.length());
                break;
            }
            String code = text.substring(open + 2, end);
            out.append(text, i, open + 2);
            if (close.equals("%}") && code.strip().startsWith("raw")) {
                int endRaw = text.indexOf("endraw", end);
                int resume = endRaw < 0 ? text.length() : endRaw;
                out.append(text, open + 2, resume);
                i = resume;
                continue;
            }
            out.append(code(code)).append(close);
            i = end + 2;
        }
        return out.toString();
    }

    private static int nextOpen(String text, int from) {
        int a = text.indexOf("{{", from);
        int b = text.indexOf("{%", from);
        if (a < 0) return b;
        if (b < 0) return a;
        return Math.min(a, b);
    }

    private static String code(String code) {
        StringBuilder out = new StringBuilder(code.length() + 8);
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < code.length()) out.append(code.charAt(++i));
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
                continue;
            }
            if (c == '.' && i + 1 < code.length() && Character.isDigit(code.charAt(i + 1)) && afterName(code, i)) {
                int j = i + 1;
                while (j < code.length() && Character.isDigit(code.charAt(j))) j++;
                if (j < code.length() && Character.isLetter(code.charAt(j))) {
                    out.append(c);
                    continue;
                }
                out.append('[').append(code, i + 1, j).append(']');
                i = j - 1;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** True when the dot at {@code dot} follows a name, a ']' or a ')', not a number such as 1.5. */
    private static boolean afterName(String code, int dot) {
        if (dot == 0) return false;
        char prev = code.charAt(dot - 1);
        if (prev == ']' || prev == ')') return true;
        if (!Character.isLetterOrDigit(prev) && prev != '_') return false;
        int start = dot - 1;
        while (start > 0 && (Character.isLetterOrDigit(code.charAt(start - 1)) || code.charAt(start - 1) == '_')) start--;
        char first = code.charAt(start);
        if (Character.isDigit(first)) {
            // 1.5 is a number; but item.0.1 reaches here with "0" after "item." before it
            return start > 0 && code.charAt(start - 1) == '.' && afterName(code, start - 1);
        }
        return true;
    }
}
