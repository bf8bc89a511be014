package dev.bollard.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Ansible's host patterns: {@code all}, {@code *}, groups, hosts and globs, joined with {@code :} or
 * {@code ,} (union), {@code :&} (intersection) and {@code :!} (exclusion). Unions are taken first,
 * then intersections, then exclusions, whatever the order written.
 */
final class HostPattern {
    private HostPattern() {
    }

    static List<Host> select(String pattern, List<Host> hosts, Map<String, List<String>> groups) throws InventoryException {
        Set<String> union = new LinkedHashSet<>();
        List<Set<String>> intersections = new ArrayList<>();
        List<Set<String>> exclusions = new ArrayList<>();
        boolean any = false;
        for (String raw : pattern.split("[:,]")) {
            String term = raw.strip();
            if (term.isEmpty()) continue;
            any = true;
            if (term.startsWith("&")) intersections.add(resolve(term.substring(1), pattern, hosts, groups));
            else if (term.startsWith("!")) exclusions.add(resolve(term.substring(1), pattern, hosts, groups));
            else union.addAll(resolve(term, pattern, hosts, groups));
        }
        if (!any) throw new InventoryException("empty host pattern");
        if (union.isEmpty() && !intersections.isEmpty()) union.addAll(names(hosts));
        for (Set<String> s : intersections) union.retainAll(s);
        for (Set<String> s : exclusions) union.removeAll(s);
        List<Host> out = new ArrayList<>();
        for (Host h : hosts) {
            if (union.contains(h.name())) out.add(h);
        }
        return out;
    }

    private static Set<String> resolve(String term, String pattern, List<Host> hosts, Map<String, List<String>> groups)
            throws InventoryException {
        if (term.equals("all") || term.equals("*")) return names(hosts);
        if (groups.containsKey(term)) return new LinkedHashSet<>(groups.get(term));
        for (Host h : hosts) {
            if (h.name().equals(term)) return new LinkedHashSet<>(List.of(term));
        }
        if (term.contains("*") || term.contains("?") || term.contains("[")) {
            Pattern glob = Pattern.compile(toRegex(term));
            Set<String> out = new LinkedHashSet<>();
            for (Host h : hosts) {
                if (glob.matcher(h.name()).matches()) out.add(h.name());
            }
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                if (glob.matcher(g.getKey()).matches()) out.addAll(g.getValue());
            }
            if (!out.isEmpty()) return out;
        }
        Set<String> known = new TreeSet<>(groups.keySet());
        throw new InventoryException("unknown host or group '" + term + "' in pattern '" + pattern + "' (groups: "
                + String.join(", ", known) + ")");
    }

    private static Set<String> names(List<Host> hosts) {
        Set<String> out = new LinkedHashSet<>();
        for (Host h : hosts) out.add(h.name());
        return out;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[', ']' -> re.append(c);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
