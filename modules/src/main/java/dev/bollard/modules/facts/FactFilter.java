package dev.bollard.modules.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * setup's {@code filter}: shell-style patterns ({@code *}, {@code ?}, {@code [abc]}, {@code [!abc]})
 * on fact names, which match with or without their {@code ansible_} prefix, as in Ansible.
 */
final class FactFilter {
    private final List<Pattern> patterns = new ArrayList<>();

    FactFilter(List<String> globs) {
        for (String g : globs) {
            if (g.isEmpty() || g.equals("*")) {
                patterns.clear();
                return;
            }
            patterns.add(Pattern.compile(regex(g)));
            if (!g.startsWith("ansible_") && !g.startsWith("facter") && !g.startsWith("ohai")) {
                patterns.add(Pattern.compile(regex("ansible_" + g)));
            }
        }
    }

    boolean keeps(String name) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** Python's fnmatch.translate, without its case folding (names are case-sensitive here, as on Linux). */
    static String regex(String glob) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                r.append(".*");
            } else if (c == '?') {
                r.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, end);
                if (set.startsWith("!")) set = "^" + set.substring(1);
                r.append('[').append(set.replace("\\", "\\\\")).append(']');
                i = end;
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }
}
