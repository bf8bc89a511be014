package dev.bollard.playbook;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ansible's one-line argument form: {@code path=/etc/motd state=touch mode="0644"}. */
public final class KeyValues {
    private KeyValues() {
    }

    public static Map<String, String> parse(String text, Location where) throws PlaybookException {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= n) break;
            int eq = text.indexOf('=', i);
            int space = indexOfSpace(text, i);
            if (eq < 0 || (space >= 0 && space < eq)) {
                throw new PlaybookException(where, "cannot read '" + text + "' as key=value arguments; write the arguments as a mapping");
            }
            String key = text.substring(i, eq).strip();
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) quote = 0;
                    else value.append(c);
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (Character.isWhitespace(c)) {
                    break;
                } else {
                    value.append(c);
                }
                i++;
            }
            if (quote != 0) throw new PlaybookException(where, "unclosed quote in '" + text + "'");
            out.put(key, value.toString());
        }
        return out;
    }

    private static int indexOfSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }
}
