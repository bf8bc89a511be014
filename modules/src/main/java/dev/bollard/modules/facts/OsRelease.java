package dev.bollard.modules.facts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fields of {@code /etc/os-release}: {@code KEY=value} lines, values quoted as in sh. */
final class OsRelease {
    private final Map<String, String> fields;

    private OsRelease(Map<String, String> fields) {
        this.fields = fields;
    }

    static OsRelease parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) continue;
            out.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return new OsRelease(out);
    }

    /** Removes sh quoting: "..." with backslash escapes, '...' as is. */
    static String unquote(String v) {
        StringBuilder s = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else s.append(c);
            } else if (c == '\\' && i + 1 < v.length() && quote != '\'') {
                s.append(v.charAt(++i));
            } else if (quote == '"') {
                if (c == '"') quote = 0;
                else s.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c) || c == '#') {
                break;
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    String get(String key) {
        return fields.getOrDefault(key, "");
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The distribution's id as the distro library normalises it (lower case, spaces as underscores). */
    String id() {
        return get("ID").toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    /** The version in a name such as "Debian GNU/Linux 12 (bookworm)": "12". */
    static String versionIn(String name) {
        String noCodename = name.replaceAll("\\s*\\([^)]*\\)\\s*$", "");
        Matcher m = Pattern.compile("([0-9][0-9.]*)").matcher(noCodename);
        String last = "";
        while (m.find()) last = m.group(1);
        return last.replaceAll("\\.+$", "");
    }

    /** The code name in a VERSION such as "12 (bookworm)" or "22.04.3 LTS, Jammy": "bookworm". */
    String codenameInVersion() {
        String v = get("VERSION");
        Matcher m = Pattern.compile("\\(([^)]+)\\)").matcher(v);
        if (m.find()) return m.group(1).strip();
        int comma = v.indexOf(',');
        return comma >= 0 ? v.substring(comma + 1).strip() : "";
    }
}
