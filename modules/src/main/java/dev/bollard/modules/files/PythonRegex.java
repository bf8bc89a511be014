package dev.bollard.modules.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Python's {@code re}, as Ansible's modules take them, compiled
 * for Java: {@code (?P<name>...)} and {@code (?P=name)} become Java's named groups (renamed when
 * Python allows a name Java does not, such as one with an underscore), {@code \Z} becomes
 * {@code \z}, and lines end only at {@code \n} as in Python. {@link #substitute} expands a Python
 * replacement template ({@code \1}, {@code \g<name>}, {@code \g<1>}, {@code \n}, {@code \\}).
 */
public final class PythonRegex {
    private static final Pattern NAMED = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>");
    private static final Pattern BACKREF = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern JAVA_NAMED = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

    private final Pattern pattern;
    /** Python group name to the Java name it was given. */
    private final Map<String, String> names;

    private PythonRegex(Pattern pattern, Map<String, String> names) {
        this.pattern = pattern;
        this.names = names;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Compiles {@code python} with {@code flags} (Java's, UNIX_LINES always added); throws PatternSyntaxException. */
    public static PythonRegex compile(String python, int flags) {
        Map<String, String> names = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean inClass = false;
        while (i < python.length()) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char n = python.charAt(i + 1);
                out.append(n == 'Z' && !inClass ? "\\z" : "\\" + n);
                i += 2;
                continue;
            }
            if (!inClass && c == '[') inClass = true;
            else if (inClass && c == ']') inClass = false;
            if (!inClass && c == '(') {
                Matcher named = NAMED.matcher(python).region(i, python.length());
                if (named.lookingAt()) {
                    out.append("(?<").append(javaName(named.group(1), names)).append('>');
                    i = named.end();
                    continue;
                }
                Matcher ref = BACKREF.matcher(python).region(i, python.length());
                if (ref.lookingAt()) {
                    String j = names.get(ref.group(1));
                    if (j == null) throw new PatternSyntaxException("unknown group name " + ref.group(1), python, i);
                    out.append("\\k<").append(j).append('>');
                    i = ref.end();
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return new PythonRegex(Pattern.compile(out.toString(), flags | Pattern.UNIX_LINES), names);
    }

    /**
     * An expression already written in Java's syntax (as lineinfile takes it), so that its
     * replacement templates expand the Python way; its {@code (?<name>...)} groups keep their names.
     */
    public static PythonRegex ofJava(Pattern pattern) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher named = JAVA_NAMED.matcher(pattern.pattern());
        while (named.find()) names.put(named.group(1), named.group(1));
        return new PythonRegex(pattern, names);
    }

    private static String javaName(String python, Map<String, String> names) {
        String j = python.matches("[A-Za-z][A-Za-z0-9]*") ? python : "py" + names.size() + "x" + python.replaceAll("[^A-Za-z0-9]", "");
        names.put(python, j);
        return j;
    }

    public int groupCount() {
        return pattern.matcher("").groupCount();
    }

    /** Checks that {@code template} only names groups this expression has; the message says which one it lacks. */
    public void checkTemplate(String template) {
        expand(template, null);
    }

    /** Every match in {@code text} replaced by {@code template} expanded for it; the count of replacements in {@code count[0]}. */
    public String substitute(String text, String template, int[] count) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int n = 0;
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expand(template, m)));
            n++;
        }
        m.appendTail(out);
        count[0] = n;
        return out.toString();
    }

    /**
     * {@code template} with the groups of match {@code m} of this expression put in, as Python's
     * {@code Match.expand} does (null: only check the references). A group that took part in no
     * match is empty; a group the expression lacks or a bad escape throws IllegalArgumentException.
     */
    public String expand(String template, Matcher m) {
        int groups = groupCount();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 == template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (Character.isDigit(next)) {
                int end = i + 2;
                if (end < template.length() && Character.isDigit(template.charAt(end))) end++;
                out.append(group(m, number(Integer.parseInt(template.substring(i + 1, end)), groups)));
                i = end;
            } else if (next == 'g' && i + 2 < template.length() && template.charAt(i + 2) == '<' && template.indexOf('>', i + 3) > 0) {
                int close = template.indexOf('>', i + 3);
                String name = template.substring(i + 3, close);
                if (name.matches("\\d+")) {
                    out.append(group(m, number(Integer.parseInt(name), groups)));
                } else {
                    String j = names.get(name);
                    if (j == null) throw new IllegalArgumentException("unknown group name '" + name + "'");
                    out.append(m == null ? "" : nullToEmpty(m.group(j)));
                }
                i = close + 1;
            } else {
                String escaped = switch (next) {
                    case '\\' -> "\\";
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    case 'f' -> "\f";
                    case 'v' -> "\u000b";
                    case 'a' -> "\u0007";
                    case 'b' -> "\b";
                    default -> {
                        if (Character.isLetter(next) && next < 128) throw new IllegalArgumentException("bad escape \\" + next);
                        yield "\\" + next;
                    }
                };
                out.append(escaped);
                i += 2;
            }
        }
        return out.toString();
    }

    private static int number(int n, int groups) {
        if (n > groups) throw new IllegalArgumentException("invalid group reference " + n + " (regexp has " + groups + " group" + (groups == 1 ? ")" : "s)"));
        return n;
    }

    private static String group(Matcher m, int n) {
        return m == null ? "" : nullToEmpty(m.group(n));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
