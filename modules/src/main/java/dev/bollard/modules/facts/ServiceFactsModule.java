package dev.bollard.modules.facts;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code service_facts}: systemd's services as Ansible lists them ({@code ansible_facts.services}:
 * {@code name.service} to {@code {name, state, status, source: systemd}}), from the loaded units
 * and the unit files, in one round trip. Ansible also lists SysV init scripts found by
 * {@code service --status-all}, which runs every script; Bollard lists systemd's units only.
 */
public final class ServiceFactsModule implements Module<ServiceFactsModule.ServiceArgs> {
    private static final Set<String> BAD = Set.of("not-found", "masked", "failed");

    private static final ArgSpec SPEC = ArgSpec.of();

    private static final ModuleDoc DOC = new ModuleDoc(
            "systemd's services under ansible_facts.services (name.service to {name, state, status, source: systemd}), from "
                    + "the loaded units and the unit files in one round trip. It takes no arguments, as in Ansible. SysV init "
                    + "scripts are not listed (Ansible runs every one of them to ask).",
            "nothing: it only reads, so it never reports a change",
            "it runs in check mode as in a real run (it only reads); later tasks see the services it lists",
            """
            - name: List the services
              service_facts:
            - name: Show whether cron is running
              debug:
                msg: "cron is {{ ansible_facts.services['cron.service'].state | default('not installed') }}"
            """);

    record ServiceArgs() {
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleDoc doc() {
        return DOC;
    }

    @Override
    public String name() {
        return "service_facts";
    }

    @Override
    public ServiceArgs parse(Args args) throws ArgsException {
        return new ServiceArgs();
    }

    @Override
    public Set<String> factNames() {
        return Set.of("services");
    }

    @Override
    public Plan plan(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        List<ExecResult> r = ctx.runAll(List.of(
                "cat /proc/1/comm",
                "systemctl list-units --no-pager --type service --all",
                "systemctl list-unit-files --no-pager --type service --all",
                // the state of each unit file not loaded; a template (name@.service) has none and would fail the lot
                "systemctl show --property=ActiveState -- $(systemctl list-unit-files --no-pager --no-legend --type service --all"
                        + " | while read -r u rest; do case $u in *@.service) ;; *) printf '%s ' \"$u\" ;; esac; done)"));
        if (!r.get(0).stdout().contains("systemd")) {
            return new Plan.NoOp("no systemd on " + ctx.hostName() + " (PID 1 is " + r.get(0).stdout().strip() + "): no services listed",
                    Map.of("ansible_facts", Map.of("services", Map.of())));
        }
        Map<String, Object> services = parse(r.get(1).stdout(), r.get(2).stdout(), r.get(3).stdout());
        return new Plan.NoOp(services.size() + " systemd services", Map.of("ansible_facts", Map.of("services", services)));
    }

    /** Units first (state and active status), then unit files (enablement), as Ansible combines them. */
    static Map<String, Object> parse(String units, String unitFiles, String show) {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        for (String line : units.split("\n")) {
            if (!line.contains(".service")) continue;
            List<String> f = new ArrayList<>(List.of(line.strip().split("\\s+")));
            String status = null;
            for (String bad : BAD) {
                if (f.contains(bad)) {
                    status = bad;
                    f.remove(0); // the mark systemd puts before a unit in trouble
                    break;
                }
            }
            if (f.size() < 4) continue;
            if (status == null) status = f.get(2);
            services.put(f.get(0), service(f.get(0), f.get(3).equals("running") ? "running" : "stopped", status));
        }
        Map<String, String> active = activeStates(show, unitFiles);
        for (String line : unitFiles.split("\n")) {
            if (!line.contains(".service")) continue;
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) continue;
            Map<String, Object> known = services.get(f[0]);
            if (known == null) services.put(f[0], service(f[0], active.getOrDefault(f[0], "unknown"), f[1]));
            else if (!BAD.contains(String.valueOf(known.get("status")))) known.put("status", f[1]);
        }
        return new LinkedHashMap<>(services);
    }

    private static Map<String, Object> service(String name, String state, String status) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("state", state);
        s.put("status", status);
        s.put("source", "systemd");
        return s;
    }

    /**
     * {@code systemctl show}'s ActiveState lines, one per unit file asked for (templates left out),
     * in the order asked; when the counts differ nothing can be matched and every state is unknown.
     */
    private static Map<String, String> activeStates(String show, String unitFiles) {
        List<String> asked = new ArrayList<>();
        for (String line : unitFiles.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (line.contains(".service") && f.length >= 2 && !f[0].endsWith("@.service")) asked.add(f[0]);
        }
        List<String> states = new ArrayList<>();
        for (String line : show.split("\n")) {
            if (line.startsWith("ActiveState=")) states.add(line.substring("ActiveState=".length()).strip());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (states.size() != asked.size()) return out;
        for (int i = 0; i < asked.size(); i++) out.put(asked.get(i), states.get(i));
        return out;
    }

    @Override
    public boolean hasPostcondition(ServiceArgs a) {
        return false;
    }
}
