package dev.bollard.engine;

import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code hostvars}: every inventory host's variables, looked up when read, so that a task sees the
 * facts, registered results and set_fact values other hosts have at that moment, as in Ansible.
 */
final class HostVars extends AbstractMap<String, Object> {
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, HostRun> runs;

    HostVars(Inventory inventory, Map<String, HostRun> runs) {
        for (Host h : inventory.hosts()) hosts.put(h.name(), h);
        this.runs = runs;
    }

    @Override
    public Object get(Object name) {
        Host host = hosts.get(String.valueOf(name));
        if (host == null) return null;
        Map<String, Object> vars = new LinkedHashMap<>(host.vars());
        vars.put("inventory_hostname", host.name());
        vars.put("group_names", host.groups());
        HostRun run = runs.get(host.name());
        if (run != null) {
            run.addFactsTo(vars);
            vars.putAll(run.variables());
        }
        return vars;
    }

    @Override
    public boolean containsKey(Object name) {
        return hosts.containsKey(String.valueOf(name));
    }

    @Override
    public Set<String> keySet() {
        return hosts.keySet();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> out = new LinkedHashSet<>();
        for (String name : hosts.keySet()) out.add(new SimpleImmutableEntry<>(name, get(name)));
        return out;
    }
}
