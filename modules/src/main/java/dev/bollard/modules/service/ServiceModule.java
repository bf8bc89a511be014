package dev.bollard.modules.service;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.ArgType;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code service}: a systemd unit started, stopped, restarted or reloaded, enabled or not, masked
 * or not, for the system or (with {@code scope: user}) for one user's systemd. Facts come in one
 * round trip. Plan and verify judge "running", "enabled" and "masked" with the same predicates.
 */
public class ServiceModule implements Module<ServiceModule.ServiceArgs> {
    enum State { STARTED, STOPPED, RESTARTED, RELOADED }

    enum Scope { SYSTEM, USER }

    /** ActiveState values of a unit that is up or on its way up: starting it again would change nothing. */
    static final Set<String> RUNNING = Set.of("active", "activating", "reloading");

    /** UnitFileState values for which {@code systemctl is-enabled} exits 0, as Ansible judges "enabled". */
    static final Set<String> ENABLED = Set.of("enabled", "enabled-runtime", "static", "alias", "generated", "transient");

    /** Of those, the ones {@code systemctl disable} cannot change: the unit has no [Install] section. */
    static final Set<String> FIXED = Set.of("static", "generated", "transient");

    static boolean running(String activeState) {
        return RUNNING.contains(activeState);
    }

    static boolean enabled(String unitFileState) {
        return ENABLED.contains(unitFileState);
    }

    static boolean masked(String unitFileState) {
        return unitFileState.equals("masked") || unitFileState.equals("masked-runtime");
    }

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("name", "the unit; without a suffix, .service").mandatory().aliases("service", "unit"),
            Param.choice("state", "started and stopped are states; restarted and reloaded act on every run",
                    "started", "stopped", "restarted", "reloaded").noDefault(),
            Param.of("enabled", ArgType.BOOL, "whether the unit starts at boot (enabled as systemctl is-enabled says: "
                    + "enabled, enabled-runtime, static, alias, generated, transient)"),
            Param.of("masked", ArgType.BOOL, "whether the unit is masked (systemctl mask), so nothing can start it"),
            Param.bool("daemon_reload", false, "run systemctl daemon-reload first, when systemd says a unit file changed "
                    + "or before another systemctl call of this task").aliases("daemon-reload"),
            Param.choice("scope", "system: the system's systemd; user: the systemd instance of the account named by 'user' "
                    + "(Ansible's global scope is not supported)", "system", "user"),
            Param.str("user", "with scope: user, whose systemd instance (Ansible uses the remote user; Bollard names the "
                    + "account, so a root connection can manage a tenant's units)"),
            Param.str("use", "accepted for Ansible's service module; Bollard always uses systemd"))
            .requiredOneOf("state", "enabled", "masked", "daemon_reload")
            .requiredIf("scope", "user", "user");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A systemd unit started, stopped, restarted or reloaded, enabled or disabled, masked or unmasked, for the system "
                    + "or for one user's systemd instance (scope: user).",
            "systemctl show reports the unit running (ActiveState active, activating or reloading) for started, restarted "
                    + "and reloaded, not running for stopped, enabled or not and masked or not as asked, judged as plan judges",
            "the unit's ActiveState and UnitFileState afterwards (Prediction.unit), so a later task on the same unit plans "
                    + "against them; a unit an earlier task would install (apt) is planned as if present",
            """
            - name: ssh runs and starts at boot
              service:
                name: ssh
                state: started
                enabled: true
            - name: A timer nobody should start
              systemd:
                name: e2scrub_all.timer
                state: stopped
                masked: true
            """);

    public record ServiceArgs(String name, State state, Boolean enabled, Boolean masked, boolean daemonReload, Scope scope, String user) {
    }

    @Override
    public String name() {
        return "service";
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
    public ServiceArgs parse(Args args) throws ArgsException {
        Scope scope = args.choice("scope", Scope.class, Scope.SYSTEM);
        String user = args.optString("user").orElse(null);
        if (scope == Scope.SYSTEM && user != null) throw args.invalid("user", "'user' goes with scope: user");
        return new ServiceArgs(args.string("name"), args.choice("state", State.class, null),
                args.has("enabled") ? args.bool("enabled", false) : null, args.has("masked") ? args.bool("masked", false) : null,
                args.bool("daemon_reload", false), scope, user);
    }

    /** {@code systemctl}, or {@code systemctl --user} run as the user with that user's runtime directory. */
    static String systemctl(ServiceArgs a) {
        if (a.scope() == Scope.SYSTEM) return "systemctl";
        String u = Shell.quote(a.user());
        return "runuser -u " + u + " -- env XDG_RUNTIME_DIR=/run/user/$(id -u " + u + ") "
                + "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u " + u + ")/bus systemctl --user";
    }

    static String unit(ServiceArgs a) {
        return a.name().contains(".") ? a.name() : a.name() + ".service";
    }

    private static Prediction.Key<Prediction.Unit> key(ServiceArgs a) {
        return Prediction.unit(a.scope() == Scope.USER ? a.user() : null, unit(a));
    }

    private String where(ServiceArgs a, TaskContext ctx) {
        return unit(a) + (a.scope() == Scope.USER ? " of user " + a.user() : "") + " on " + ctx.hostName();
    }

    Map<String, String> facts(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (a.scope() == Scope.USER && ctx.check() && ctx.state().predicted(Prediction.user(a.user())).isPresent()) {
            return Map.of("LoadState", "not-found", "ActiveState", "inactive", "UnitFileState", "");
        }
        ExecResult r = ctx.query(show(a));
        if (!r.ok() && ctx.check() && !systemdRunning(ctx)) {
            // a dry run on a machine (or container) that is not booted with systemd: say so, plan anyway
            return Map.of("LoadState", "unknown", "ActiveState", "unknown (systemd is not running here)", "UnitFileState", "unknown");
        }
        if (!r.ok()) throw new ModuleFailure("cannot ask systemd about " + where(a, ctx) + ": " + r.firstErrorLine());
        Map<String, String> f = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) f.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return f;
    }

    /**
     * Whether the host was booted with systemd, as a read that exits 0 either way: a read-ahead keeps
     * only answers that exit 0, so a plain {@code test -d} would be asked again on the very hosts that need it.
     */
    static final String SYSTEMD_RUNNING = "if [ -d /run/systemd/system ]; then echo running; fi";

    private static boolean systemdRunning(TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(SYSTEMD_RUNNING);
        return r.ok() && r.stdout().strip().equals("running");
    }

    private static String show(ServiceArgs a) {
        return systemctl(a) + " show " + Shell.quote(unit(a)) + " -p LoadState,ActiveState,SubState,UnitFileState,NeedDaemonReload --no-pager";
    }

    @Override
    public List<Probe> probes(ServiceArgs a) {
        // the second is read only when the first fails in check mode; it costs the host next to nothing
        return List.of(Probe.query(show(a)), Probe.query(SYSTEMD_RUNNING));
    }

    /** The unit as the host shows it, or as an earlier task of this check run left it. */
    private record Seen(boolean notFound, String active, String fileState, boolean predicted) {
    }

    private Seen seen(ServiceArgs a, TaskContext ctx, Map<String, String> f) {
        Predicted<Prediction.Unit> p = ctx.state().predicted(key(a));
        String active = f.getOrDefault("ActiveState", "unknown");
        String fileState = f.getOrDefault("UnitFileState", "");
        if (p.isPresent()) {
            Prediction.Unit u = p.value().orElseThrow();
            if (u.activeState() != null) active = u.activeState();
            if (u.unitFileState() != null) fileState = u.unitFileState();
        }
        return new Seen("not-found".equals(f.get("LoadState")) && !p.isPresent(), active, fileState, p.isPresent());
    }

    @Override
    public Plan plan(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, String> f = facts(a, ctx);
        Seen s = seen(a, ctx, f);
        boolean onlyMask = a.state() == null && a.enabled() == null && Boolean.TRUE.equals(a.masked());
        if (s.notFound() && !ctx.check() && !onlyMask) throw new ModuleFailure("unit " + where(a, ctx) + " not found");
        List<String> cmds = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        List<String> said = new ArrayList<>();
        String sc = systemctl(a);
        String u = Shell.quote(unit(a));
        String active = s.active();
        String fileState = s.fileState();
        if (a.masked() != null) {
            if (a.masked() != masked(fileState)) {
                cmds.add(sc + (a.masked() ? " mask " : " unmask ") + u);
                diffs.add(Diff.property(unit(a), "masked", fileState.isEmpty() ? "unknown" : fileState, a.masked() ? "masked" : "unmasked"));
                fileState = a.masked() ? "masked" : "disabled";
            } else {
                said.add(a.masked() ? "masked" : "not masked");
            }
        }
        if (a.enabled() != null) {
            if (a.enabled() != enabled(fileState)) {
                if (!a.enabled() && FIXED.contains(fileState)) {
                    throw new ModuleFailure(where(a, ctx) + " is " + fileState + ": systemctl disable cannot change that (mask it instead)");
                }
                cmds.add(sc + (a.enabled() ? " enable " : " disable ") + u);
                diffs.add(Diff.property(unit(a), "enabled", fileState.isEmpty() ? "unknown" : fileState, a.enabled() ? "enabled" : "disabled"));
                fileState = a.enabled() ? "enabled" : "disabled";
            } else {
                said.add(a.enabled() ? "enabled (" + fileState + ")" : "not enabled (" + (fileState.isEmpty() ? "unknown" : fileState) + ")");
            }
        }
        if (a.state() != null) {
            boolean running = running(active);
            switch (a.state()) {
                case STARTED -> {
                    if (!running) cmds.add(sc + " start " + u);
                    else said.add(active);
                }
                case STOPPED -> {
                    if (running) cmds.add(sc + " stop " + u);
                    else said.add(active);
                }
                case RESTARTED -> cmds.add(sc + " restart " + u);
                case RELOADED -> cmds.add(sc + (running ? " reload " : " start ") + u);
            }
            if (a.state() == State.STARTED && !running || a.state() == State.STOPPED && running) {
                diffs.add(Diff.property(unit(a), "state", active, a.state() == State.STARTED ? "active" : "inactive"));
            }
            active = a.state() == State.STOPPED ? "inactive" : "active";
        }
        // daemon-reload only when systemd says a unit file changed, or before other systemctl calls
        boolean reloadNeeded = a.daemonReload() && "yes".equals(f.get("NeedDaemonReload"));
        if (a.daemonReload() && (reloadNeeded || !cmds.isEmpty())) cmds.add(0, sc + " daemon-reload");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", unit(a));
        data.put("status", Map.of("ActiveState", s.active(), "UnitFileState", s.fileState(), "LoadState", f.getOrDefault("LoadState", "")));
        if (cmds.isEmpty()) {
            return new Plan.NoOp(where(a, ctx) + " is " + String.join(" and ", said), data);
        }
        String summary = String.join("; ", cmds.stream().map(c -> c.substring(c.indexOf("systemctl"))).toList());
        if (s.notFound()) summary += " (unit not present yet: an earlier task would install it)";
        if ("unknown".equals(f.get("LoadState"))) summary += " (systemd is not running here, so the unit's state is unknown)";
        Prediction.Unit after = new Prediction.Unit(active, fileState);
        return new Plan.Change(summary, diffs, List.of(new ScriptStep(summary, String.join(" && ", cmds),
                state -> state.predict(key(a), after))), data);
    }

    @Override
    public Verdict verify(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ctx.forget();
        Map<String, String> f = facts(a, ctx);
        String active = f.getOrDefault("ActiveState", "unknown");
        String fileState = f.getOrDefault("UnitFileState", "");
        String where = where(a, ctx);
        if (a.masked() != null && a.masked() != masked(fileState)) {
            return Verdict.fails(where + " is " + (fileState.isEmpty() ? "not installed" : fileState) + (a.masked() ? ", not masked" : ""));
        }
        if (a.state() != null && a.state() != State.STOPPED && !running(active)) {
            return Verdict.fails(where + " is " + active + ", not running");
        }
        if (a.state() == State.STOPPED && running(active)) return Verdict.fails(where + " is still " + active);
        if (a.enabled() != null && a.enabled() != enabled(fileState)) {
            return Verdict.fails(where + " is " + (fileState.isEmpty() ? "not installed" : fileState) + (a.enabled() ? ", not enabled" : ""));
        }
        return Verdict.holds(where + " is " + active + (fileState.isEmpty() ? "" : ", " + fileState));
    }

    @Override
    public boolean hasPostcondition(ServiceArgs a) {
        return true;
    }
}
