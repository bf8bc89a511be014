package dev.bollard.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parent/child relations of groups: membership through children, and Ansible's precedence order. */
final class GroupTree {
    private final RawInventory raw;
    private final Map<String, Integer> depth = new HashMap<>();

    GroupTree(RawInventory raw) {
        this.raw = raw;
        for (String g : raw.groups.keySet()) depth(g, new LinkedHashSet<>());
    }

    /** all = 0; a group is one deeper than its deepest parent; a group with no parent hangs from all. */
    private int depth(String group, Set<String> path) {
        if (group.equals("all")) return 0;
        Integer known = depth.get(group);
        if (known != null) return known;
        if (!path.add(group)) return 1;
        int d = 1;
        for (RawInventory.Group parent : raw.groups.values()) {
            if (parent.children.contains(group) && !parent.name.equals("all")) d = Math.max(d, depth(parent.name, path) + 1);
        }
        path.remove(group);
        depth.put(group, d);
        return d;
    }

    /** Every group the host is in, directly or through a child group, plus all. */
    List<String> groupsOf(String host) {
        List<String> out = new ArrayList<>();
        for (String g : raw.groups.keySet()) {
            if (g.equals("all") || hostsOf(g).contains(host)) out.add(g);
        }
        return out;
    }

    List<String> hostsOf(String group) {
        if (group.equals("all")) return new ArrayList<>(raw.hosts.keySet());
        Set<String> seen = new LinkedHashSet<>();
        collect(group, seen, new LinkedHashSet<>());
        List<String> out = new ArrayList<>();
        for (String h : raw.hosts.keySet()) {
            if (seen.contains(h)) out.add(h);
        }
        if (group.equals("ungrouped")) {
            for (String h : raw.hosts.keySet()) {
                boolean grouped = raw.groups.values().stream()
                        .anyMatch(g -> !g.name.equals("ungrouped") && !g.name.equals("all") && g.hosts.contains(h));
                if (!grouped && !out.contains(h)) out.add(h);
            }
        }
        return out;
    }

    private void collect(String group, Set<String> hosts, Set<String> visiting) {
        if (!visiting.add(group)) return;
        RawInventory.Group g = raw.groups.get(group);
        if (g == null) return;
        hosts.addAll(g.hosts);
        for (String child : g.children) collect(child, hosts, visiting);
    }

    /** Lowest precedence first: shallower groups before deeper ones, alphabetical at the same depth. */
    List<String> byPrecedence(List<String> groups) {
        List<String> out = new ArrayList<>(groups);
        out.sort(Comparator.comparingInt((String g) -> depth.getOrDefault(g, 1)).thenComparing(g -> g));
        return out;
    }
}
