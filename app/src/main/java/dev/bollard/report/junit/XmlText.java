package dev.bollard.report.junit;

/**
 * Text as XML 1.0 can hold it. A command's output may carry characters XML forbids (a terminal's
 * escape sequences, a NUL): each becomes U+FFFD, so the report stays readable by every parser.
 */
final class XmlText {
    private XmlText() {
    }

    static String clean(String text) {
        if (text == null) return "";
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            boolean lone = len == 1 && Character.isSurrogate((char) cp);
            if (lone || !allowed(cp)) {
                if (out == null) out = new StringBuilder(text.length()).append(text, 0, i);
                out.append('\uFFFD');
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += len;
        }
        return out == null ? text : out.toString();
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD
                || cp >= 0x10000 && cp <= 0x10FFFF;
    }
}
