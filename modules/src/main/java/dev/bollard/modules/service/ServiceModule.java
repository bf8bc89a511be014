package dev.bollard.modules.service;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.Shell;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code service}: a systemd unit started, stopped, restarted or reloaded, enabled or not, for the
 * system or (with {@code scope: user}) for one user's systemd. Facts come in one round trip.
 */
public class ServiceModule implements Module<ServiceModule.ServiceArgs> {
    enum State { STARTED, STOPPED, RESTARTED, RELOADED }

    enum Scope { SYSTEM, USER }

    public record ServiceArgs(String name, State state, Boolean enabled, boolean daemonReload, Scope scope, String user) {
    }

    @Override
    public String name() {
        return "service";
    }

    @Override
    public ServiceArgs parse(Args args) throws ArgsException {
        String name = args.string("name");
        State state = args.choice("state", State.class, null);
        Boolean enabled = args.has("enabled") ? args.bool("enabled", false) : null;
        boolean reload = args.bool("daemon_reload", false);
        Scope scope = args.choice("scope", Scope.class, Scope.SYSTEM);
        String user = args.optString("user").orElse(null);
        if (scope == Scope.USER && user == null) throw args.missing("user");
        if (scope == Scope.SYSTEM && user != null) throw args.invalid("user", "'user' goes with scope: user");
        if (state == null && enabled == null && !reload) throw args.invalid("state", "service needs state, enabled or daemon_reload");
        ServiceArgs a = new ServiceArgs(name, state, enabled, reload, scope, user);
        args.raw("use");
        args.finish();
        return a;
    }

    /** {@code systemctl}, or {@code systemctl --user} run as the user with that user's runtime directory. */
    static String systemctl(ServiceArgs a) {
        if (a.scope() == Scope.SYSTEM) return "systemctl";
        String u = Shell.quote(a.user());
        return "runuser -u " + u + " -- env XDG_RUNTIME_DIR=/run/user/$(id -u " + u + ") "
                + "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u " + u + ")/bus systemctl --user";
    }

    private static String unit(ServiceArgs a) {
        return a.name().contains(".") ? a.name() : a.name() + ".service";
    }

    private String where(ServiceArgs a, TaskContext ctx) {
        return unit(a) + (a.scope() == Scope.USER ? " of user " + a.user() : "") + " on " + ctx.hostName();
    }

    Map<String, String> facts(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (a.scope() == Scope.USER && ctx.check() && Boolean.TRUE.equals(ctx.state().predicted("user:" + a.user()).orElse(null))) {
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

    private static boolean systemdRunning(TaskContext ctx) throws ModuleFailure, ConnectionException {
        return ctx.run("test -d /run/systemd/system").ok();
    }

    private static String show(ServiceArgs a) {
        return systemctl(a) + " show " + Shell.quote(unit(a)) + " -p LoadState,ActiveState,SubState,UnitFileState,NeedDaemonReload --no-pager";
    }

    @Override
    public List<Probe> probes(ServiceArgs a) {
        return List.of(Probe.query(show(a)));
    }

    @Override
    public Plan plan(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, String> f = facts(a, ctx);
        String key = "service:" + a.scope() + ":" + a.user() + ":" + unit(a);
        boolean notFound = "not-found".equals(f.get("LoadState"));
        if (notFound && !ctx.check()) throw new ModuleFailure("unit " + where(a, ctx) + " not found");
        String active = (String) ctx.state().predicted(key + ":active").orElse(f.getOrDefault("ActiveState", "unknown"));
        String enabled = (String) ctx.state().predicted(key + ":enabled").orElse(f.getOrDefault("UnitFileState", ""));
        List<String> cmds = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        List<String> said = new ArrayList<>();
        String sc = systemctl(a);
        String u = Shell.quote(unit(a));
        // daemon-reload only when systemd says a unit file changed, or before other systemctl calls
        boolean reloadNeeded = a.daemonReload() && "yes".equals(f.get("NeedDaemonReload"));
        if (a.enabled() != null) {
            boolean is = enabled.equals("enabled") || enabled.equals("enabled-runtime") || enabled.equals("static") || enabled.equals("alias");
            if (a.enabled() != is) {
                cmds.add(sc + (a.enabled() ? " enable " : " disable ") + u);
                diffs.add(Diff.property(unit(a), "enabled", enabled.isEmpty() ? "unknown" : enabled, a.enabled() ? "enabled" : "disabled"));
            } else {
                said.add(a.enabled() ? "enabled" : "disabled");
            }
        }
        if (a.state() != null) {
            boolean running = active.equals("active") || active.equals("activating") || active.equals("reloading");
            switch (a.state()) {
                case STARTED -> {
                    if (!running) cmds.add(sc + " start " + u);
                    else said.add("active");
                }
                case STOPPED -> {
                    if (running) cmds.add(sc + " stop " + u);
                    else said.add("inactive");
                }
                case RESTARTED -> cmds.add(sc + " restart " + u);
                case RELOADED -> cmds.add(sc + (running ? " reload " : " start ") + u);
            }
            if (a.state() == State.STARTED && !running || a.state() == State.STOPPED && running) {
                diffs.add(Diff.property(unit(a), "state", active, a.state() == State.STARTED ? "active" : "inactive"));
            }
        }
        if (a.daemonReload() && (reloadNeeded || !cmds.isEmpty())) cmds.add(0, sc + " daemon-reload");
        if (cmds.isEmpty()) {
            return Plan.noOp(where(a, ctx) + " is " + String.join(" and ", said));
        }
        String summary = String.join("; ", cmds.stream().map(c -> c.substring(c.indexOf("systemctl"))).toList());
        if (notFound) summary += " (unit not present yet: an earlier task would install it)";
        if ("unknown".equals(f.get("LoadState"))) summary += " (systemd is not running here, so the unit's state is unknown)";
        return new Plan.Change(summary, diffs, List.of(new ScriptStep(summary, String.join(" && ", cmds), state -> predict(state, key, a))));
    }

    private static void predict(HostState state, String key, ServiceArgs a) {
        if (a.state() == State.STARTED || a.state() == State.RESTARTED || a.state() == State.RELOADED) state.predict(key + ":active", "active");
        if (a.state() == State.STOPPED) state.predict(key + ":active", "inactive");
        if (a.enabled() != null) state.predict(key + ":enabled", a.enabled() ? "enabled" : "disabled");
    }

    @Override
    public Verdict verify(ServiceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, String> f = facts(a, ctx);
        String active = f.getOrDefault("ActiveState", "unknown");
        String enabled = f.getOrDefault("UnitFileState", "");
        if (a.state() == State.STARTED || a.state() == State.RESTARTED || a.state() == State.RELOADED) {
            if (!active.equals("active")) return Verdict.fails(where(a, ctx) + " is " + active + ", not active");
        }
        if (a.state() == State.STOPPED && active.equals("active")) return Verdict.fails(where(a, ctx) + " is still active");
        if (a.enabled() != null && a.enabled() != (enabled.equals("enabled") || enabled.equals("static") || enabled.equals("alias"))) {
            return Verdict.fails(where(a, ctx) + " is " + (enabled.isEmpty() ? "not installed" : enabled));
        }
        return Verdict.holds(where(a, ctx) + " is " + active + (enabled.isEmpty() ? "" : ", " + enabled));
    }

    @Override
    public boolean hasPostcondition(ServiceArgs a) {
        return true;
    }
}
