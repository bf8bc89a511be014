package dev.bollard.inventory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Groups and hosts as the file wrote them, before variables are merged. */
final class RawInventory {
    static final class Group {
        final String name;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Map<String, Object> vars = new LinkedHashMap<>();

        Group(String name) {
            this.name = name;
        }
    }

    final Map<String, Group> groups = new LinkedHashMap<>();
    /** Every host in the order it first appears, with the variables written on its own line/entry. */
    final Map<String, Map<String, Object>> hosts = new LinkedHashMap<>();

    RawInventory() {
        group("all");
        group("ungrouped");
    }

    Group group(String name) {
        return groups.computeIfAbsent(name, Group::new);
    }

    /** Adds another source's groups and hosts; its variables win where both set one, as a later -i does. */
    void merge(RawInventory other) {
        other.hosts.forEach((h, vars) -> hosts.computeIfAbsent(h, k -> new LinkedHashMap<>()).putAll(vars));
        other.groups.forEach((name, g) -> {
            Group mine = group(name);
            mine.hosts.addAll(g.hosts);
            mine.children.addAll(g.children);
            mine.vars.putAll(g.vars);
        });
    }

    void addHost(String group, String host, Map<String, Object> vars) {
        hosts.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
        group(group).hosts.add(host);
    }
}
