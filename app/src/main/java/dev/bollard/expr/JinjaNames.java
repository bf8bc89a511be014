package dev.bollard.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters, tests and lookups a Jinja text names, found without evaluating it, so that a
 * misspelt one is reported when the playbook is loaded rather than when a host reaches it.
 */
final class JinjaNames {
    private static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FILTER = Pattern.compile("(?<![|])\\|\\s*([A-Za-z_][A-Za-z0-9_.]*)");
    private static final Pattern TEST = Pattern.compile("\\bis\\s+(?:not\\s+)?([A-Za-z_][A-Za-z0-9_.]*)");
    private static final Pattern LOOKUP = Pattern.compile("\\b(?:lookup|query|q)\\(\\s*['\"]([A-Za-z0-9_.]+)['\"]");
    private static final Pattern BLOCK_FILTER = Pattern.compile("^\\s*-?\\s*filter\\s+([A-Za-z_][A-Za-z0-9_]*)");

    private static final Pattern CONDITION = Pattern.compile("^\\s*-?\\s*(?:if|elif)\\s+(.*?)\\s*-?\\s*$", Pattern.DOTALL);
    private static final Pattern RAW = Pattern.compile("\\{%-?\\s*raw\\s*-?%}.*?\\{%-?\\s*endraw\\s*-?%}", Pattern.DOTALL);

    /** Names found, and the expressions that can be parsed on their own ({{ }} and if/elif conditions). */
    record Found(Set<String> filters, Set<String> tests, Set<String> lookups, List<String> expressions) {
    }

    private JinjaNames() {
    }

    private static int next(String text, int from) {
        int a = text.indexOf("{{", from);
        int b = text.indexOf("{%", from);
        if (a < 0) return b;
        if (b < 0) return a;
        return Math.min(a, b);
    }

    /** Names used in a text: a bare expression ({@code when}) or a template with {@code {{ }}} and {@code {% %}}. */
    static Found scan(String text, boolean bare) {
        List<String> code = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        if (bare) {
            code.add(text);
            expressions.add(text);
        } else {
            String t = RAW.matcher(text).replaceAll("");
            for (int open = next(t, 0); open >= 0; ) {
                boolean expression = t.charAt(open + 1) == '{';
                int end = JinjaSource.end(t, open + 2, expression ? '}' : '%');
                String inside = t.substring(open + 2, Math.max(open + 2, end - 2));
                code.add(inside);
                if (expression) expressions.add(inside.replaceAll("^-|-$", ""));
                else {
                    Matcher c = CONDITION.matcher(inside);
                    if (c.matches()) expressions.add(c.group(1));
                }
                open = next(t, end);
            }
        }
        Set<String> filters = new LinkedHashSet<>();
        Set<String> tests = new LinkedHashSet<>();
        Set<String> lookups = new LinkedHashSet<>();
        for (String c : code) {
            Matcher l = LOOKUP.matcher(c);
            while (l.find()) lookups.add(l.group(1));
            String noStrings = STRING.matcher(c).replaceAll("''");
            Matcher b = BLOCK_FILTER.matcher(noStrings);
            if (b.find()) filters.add(b.group(1));
            Matcher f = FILTER.matcher(noStrings);
            while (f.find()) filters.add(f.group(1));
            Matcher t = TEST.matcher(noStrings);
            while (t.find()) tests.add(t.group(1));
        }
        return new Found(filters, tests, lookups, expressions);
    }
}
