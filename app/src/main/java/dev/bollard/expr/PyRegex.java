package dev.bollard.expr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's {@code re} syntax in Java: named groups, and {@code \1} / {@code \g<name>} in replacements. */
final class PyRegex {
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P<");
    private static final Pattern NAMED_BACKREF = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");

    private PyRegex() {
    }

    static Pattern compile(String regex, boolean ignoreCase, boolean multiline) {
        String java = NAMED_GROUP.matcher(regex).replaceAll("(?<");
        java = NAMED_BACKREF.matcher(java).replaceAll("\\\\k<$1>");
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        return Pattern.compile(java, flags);
    }

    /** A Python replacement string ({@code \1}, {@code \g<1>}, {@code \g<name>}) as Java's. */
    static String replacement(String python) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') sb.append("\\$");
            else if (c == '\\' && i + 1 < python.length()) {
                char n = python.charAt(i + 1);
                if (Character.isDigit(n)) {
                    sb.append('$').append(n);
                    i++;
                } else if (n == 'g' && i + 2 < python.length() && python.charAt(i + 2) == '<') {
                    int end = python.indexOf('>', i + 3);
                    String group = python.substring(i + 3, end);
                    sb.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
                    i = end;
                } else if (n == 'n') {
                    sb.append('\n');
                    i++;
                } else if (n == 't') {
                    sb.append('\t');
                    i++;
                } else {
                    sb.append(Matcher.quoteReplacement(String.valueOf(n)));
                    i++;
                }
            } else sb.append(c);
        }
        return sb.toString();
    }

    /** The text of a group reference such as {@code \1} or {@code \g<name>} in a match. */
    static String group(Matcher m, String ref) {
        if (ref.startsWith("\\g<")) {
            String g = ref.substring(3, ref.length() - 1);
            return g.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(g)) : m.group(g);
        }
        if (ref.startsWith("\\")) return m.group(Integer.parseInt(ref.substring(1)));
        throw new IllegalArgumentException("regex_search: '" + ref + "' is not a group reference such as '\\\\1' or '\\\\g<name>'");
    }
}
