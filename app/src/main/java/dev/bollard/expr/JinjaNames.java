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
    private static final Pattern CODE = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
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

    /** Names used in a text: a bare expression ({@code when}) or a template with {@code {{ }}} and {@code {% %}}. */
    static Found scan(String text, boolean bare) {
        List<String> code = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        if (bare) {
            code.add(text);
            expressions.add(text);
        } else {
            Matcher m = CODE.matcher(RAW.matcher(text).replaceAll(""));
            while (m.find()) {
                if (m.group(1) != null) {
                    code.add(m.group(1));
                    expressions.add(m.group(1).replaceAll("^-|-$", ""));
                } else {
                    code.add(m.group(2));
                    Matcher c = CONDITION.matcher(m.group(2));
                    if (c.matches()) expressions.add(c.group(1));
                }
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
