package dev.bollard.inventory;

import java.util.List;
import java.util.Map;

/** Placeholder until the inventory package lands. */
public final class Host {
    private final String name;
    private final Map<String, Object> vars;
    private final List<String> groups;
    private final ConnectionSettings connection;

    Host(String name, Map<String, Object> vars, List<String> groups, ConnectionSettings connection) {
        this.name = name;
        this.vars = vars;
        this.groups = groups;
        this.connection = connection;
    }

    public String name() { return name; }
    public Map<String, Object> vars() { return vars; }
    public List<String> groups() { return groups; }
    public ConnectionSettings connection() { return connection; }
    @Override public String toString() { return name; }
}
