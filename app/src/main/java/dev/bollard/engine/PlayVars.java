package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.inventory.VarsFolders;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Role;
import dev.bollard.playbook.Task;
import dev.bollard.vault.VaultSecrets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the variables a task sees on a host, lowest precedence first: inventory (groups, then
 * host), the host's gathered facts, play {@code vars}, {@code vars_files}, task {@code vars},
 * registered results and {@code set_fact}, then {@code -e} extra vars, which win over everything.
 */
final class PlayVars {
    /** The value of {@code omit}: an argument set to {@code ${omit}} is left out, as in Ansible. */
    static final String OMIT = "__bollard_omit_argument__";
    private final Expressions expressions;
    private final Inventory inventory;
    private final Play play;
    private final Map<String, Object> filesVars;
    private final Map<String, Object> extra;
    private final Mode mode;
    private final boolean diff;
    private final java.util.List<String> playHosts;
    private final HostVars hostvars;
    private final Map<String, Map<String, Object>> playbookGroupVars;

    /** {@code runs}: every host's side of the run so far, for {@code hostvars} (empty before the run). */
    PlayVars(Expressions expressions, Inventory inventory, Play play, Map<String, Object> filesVars,
             Map<String, Map<String, Object>> playbookGroupVars, RunOptions opts, java.util.List<String> playHosts, Map<String, HostRun> runs) {
        this.expressions = expressions;
        this.inventory = inventory;
        this.play = play;
        this.filesVars = filesVars;
        this.extra = opts.extraVars();
        this.mode = opts.mode();
        this.diff = opts.diff();
        this.playHosts = java.util.List.copyOf(playHosts);
        this.hostvars = new HostVars(inventory, runs);
        this.playbookGroupVars = playbookGroupVars;
    }

    /**
     * {@code group_vars/} beside the playbook: the playbook's defaults. They sit below every
     * inventory variable, so an inventory (or -e) can always override them.
     */
    static Map<String, Map<String, Object>> playbookGroupVars(Play play, Inventory inventory, VaultSecrets vault) throws InventoryException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        VarsFolders folders = new VarsFolders(play.baseDir(), vault);
        for (String group : inventory.groups().keySet()) {
            Map<String, Object> v = folders.groupVars(group);
            if (!v.isEmpty()) out.put(group, v);
        }
        return out;
    }

    Map<String, Object> forTask(HostRun h, Task task, Map<String, Object> facts) {
        Role own = task == null ? null : task.role();
        // role defaults are the lowest of all variables; the task's own role's win among them
        Map<String, Object> vars = new HashMap<>();
        for (Role r : play.roles()) {
            if (r != own) vars.putAll(r.defaults());
        }
        if (own != null) vars.putAll(own.defaults());
        vars.putAll(playbookGroupVars.getOrDefault("all", Map.of()));
        for (String g : h.host.groups()) vars.putAll(playbookGroupVars.getOrDefault(g, Map.of()));
        vars.putAll(h.host.vars());
        // host facts sit above the inventory and below the play's variables, as in Ansible
        h.addFactsTo(vars);
        vars.put("inventory_hostname", h.name());
        vars.put("omit", OMIT);
        vars.put("inventory_hostname_short", h.name().split("\\.")[0]);
        vars.put("group_names", h.host.groups());
        vars.put("groups", inventory.groups());
        vars.put("hostvars", hostvars);
        vars.put("playbook_dir", play.baseDir().toString());
        vars.put("ansible_check_mode", mode != Mode.APPLY);
        vars.put("ansible_diff_mode", diff);
        vars.putIfAbsent("ansible_managed", "Managed by Bollard");
        vars.put("ansible_play_hosts", playHosts);
        vars.put("ansible_play_hosts_all", playHosts);
        vars.put("ansible_play_batch", playHosts);
        vars.put("play_hosts", playHosts);
        vars.put("bollard_mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        vars.putAll(extra); // visible while the layers below are resolved; put again last so they win
        layer(vars, play.vars());
        layer(vars, filesVars);
        for (Role r : play.roles()) {
            if (r != own) layer(vars, r.vars());
        }
        if (own != null) {
            layer(vars, own.vars());
            vars.put("role_name", own.name());
            vars.put("role_path", own.path().toString());
        }
        vars.putAll(facts);
        // task vars may read registered results; the results still win over them, as in Ansible
        if (task != null) layer(vars, task.vars());
        vars.putAll(facts);
        if (own != null) layer(vars, own.params());
        vars.putAll(extra);
        return vars;
    }

    /** Adds a layer whose values may refer to the layers below (e.g. {@code dir: "${base}/x"}). */
    private void layer(Map<String, Object> vars, Map<String, Object> layer) {
        for (Map.Entry<String, Object> e : layer.entrySet()) {
            Object v = e.getValue();
            try {
                v = expressions.resolve(v, vars);
            } catch (ExpressionException ignored) {
                // left as written: the task that uses it reports the problem with its own location
            }
            vars.put(e.getKey(), v);
        }
    }

    static Map<String, Object> merged(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }
}
