package dev.bollard.report.html;

/** HTML escaping: every character that could end a text or an attribute value, or start markup, as an entity. */
final class Html {
    private Html() {
    }

    /** For text and for attribute values in double quotes alike. */
    static String esc(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // a NUL or a terminal's escape character is not allowed in HTML text: shown as the replacement character
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
