package dev.bollard.report.markdown;

/** Escaping for the three places a Markdown report puts text: inline (a table cell, a line), raw HTML, a code block. */
final class Md {
    private Md() {
    }

    /**
     * Inline text shown as written: each character that means something inline backslash-escaped
     * (emphasis, code, links, HTML, entities, a table cell's end), so a host or task name can
     * neither format, link, open HTML nor end a cell; line breaks become spaces.
     */
    static String inline(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.replaceAll("\\R", " ").toCharArray()) {
            if ("\\`*_[]<>()!|~&".indexOf(c) >= 0) out.append('\\');
            out.append(c);
        }
        return out.toString();
    }

    /** Text inside raw HTML (a {@code <summary>}): its markup characters as entities. */
    static String html(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.replaceAll("\\R", " ").toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A fenced code block whose fence is longer than any run of backticks in the text, so nothing in it can close it. */
    static String code(String text) {
        int longest = 0;
        int run = 0;
        for (char c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }
}
