package dev.bollard.inventory;

import java.util.List;
import java.util.Map;

/** A host of the inventory with its merged variables, its groups and how to connect to it. */
public final class Host {
    private final String name;
    private final Map<String, Object> vars;
    private final List<String> groups;
    private final ConnectionSettings connection;

    Host(String name, Map<String, Object> vars, List<String> groups, ConnectionSettings connection) {
        this.name = name;
        this.vars = Map.copyOf(vars.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        this.groups = List.copyOf(groups);
        this.connection = connection;
    }

    public String name() {
        return name;
    }

    /** Inventory variables, lowest precedence first already merged: group vars, then host vars. */
    public Map<String, Object> vars() {
        return vars;
    }

    /** The groups the host belongs to, directly or through children, without {@code all}. */
    public List<String> groups() {
        return groups;
    }

    public ConnectionSettings connection() {
        return connection;
    }

    /**
     * The same host reached with other settings: a task's {@code remote_user} or connection variables
     * ({@code vars: ansible_user}) above the inventory's. {@code connectionVars} are the variables that chose
     * them, seen by the connector as the host's own (an {@code ansible_user} there beats ~/.ssh/config's User).
     */
    public Host reachedWith(ConnectionSettings settings, Map<String, Object> connectionVars) {
        Map<String, Object> v = new java.util.HashMap<>(vars);
        v.putAll(connectionVars);
        return new Host(name, v, groups, settings);
    }

    @Override
    public String toString() {
        return name;
    }
}
