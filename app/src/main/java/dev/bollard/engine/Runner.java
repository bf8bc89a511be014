package dev.bollard.engine;

import dev.bollard.expr.Expressions;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.Task;
import dev.bollard.report.HostTally;
import dev.bollard.report.Reporter;
import dev.bollard.spi.ModuleRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a checked playbook against an inventory with Ansible's linear strategy: each task on all
 * hosts of the play (up to {@code forks} at once) before the next task. A host that fails or
 * cannot be reached leaves the play; the others go on.
 */
public final class Runner {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 2;
    public static final int EXIT_UNREACHABLE = 3;
    public static final int EXIT_BAD_INPUT = 4;

    private final Expressions ex;
    private final Connector connector;
    private final Reporter reporter;
    private final RunOptions opts;
    private final TaskRunner tasks;
    private final Map<String, HostRun> hostRuns = new LinkedHashMap<>();

    public Runner(ModuleRegistry registry, Expressions ex, Connector connector, Reporter reporter, RunOptions opts) {
        this.ex = ex;
        this.connector = connector;
        this.reporter = reporter;
        this.opts = opts;
        this.tasks = new TaskRunner(registry, ex, connector, opts);
    }

    /** Runs the plays of a playbook that {@link Preflight} accepted; returns the exit code. */
    public int run(Playbook playbook, Inventory inventory, Preflight.Checked checked) {
        for (Host h : inventory.hosts()) hostRuns.put(h.name(), new HostRun(h));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, opts.forks()), r -> {
            Thread t = new Thread(r, "bollard-host");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Play play : playbook.plays()) {
                List<HostRun> hosts = new ArrayList<>();
                for (Host h : checked.hosts(play)) hosts.add(hostRuns.get(h.name()));
                reporter.playStart(play.displayName(), hosts.stream().map(HostRun::name).toList());
                PlayVars vars = new PlayVars(ex, inventory, play, checked.varsFiles(play), opts, hosts.stream().map(HostRun::name).toList(),
                        hostRuns);
                runPlay(play, hosts, vars, pool);
            }
        } finally {
            pool.shutdownNow();
            for (HostRun h : hostRuns.values()) {
                if (h.state != null) h.state.connection().close();
            }
        }
        return recap(checked.allHosts());
    }

    private void runPlay(Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool) {
        if (play.gatherFacts()) {
            List<HostRun> unread = active(hosts).stream().filter(h -> !h.gathered).toList();
            runOnHosts("TASK", FactGathering.task(play), unread, vars, play, pool);
        }
        for (Task task : play.tasks()) {
            if (!Tags.selected(task, opts)) continue;
            if (task.module().equals("meta") && "flush_handlers".equals(task.args().get("action"))) {
                runHandlers(play, hosts, vars, pool);
                continue;
            }
            runOnHosts("TASK", task, active(hosts), vars, play, pool);
        }
        runHandlers(play, hosts, vars, pool);
    }

    private void runHandlers(Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool) {
        Map<HostRun, java.util.Set<String>> topics = new LinkedHashMap<>();
        for (HostRun h : active(hosts)) {
            if (!h.notified.isEmpty()) topics.put(h, new java.util.HashSet<>(h.notified));
            h.notified.clear();
        }
        if (topics.isEmpty()) return;
        for (Task handler : play.handlers()) {
            List<HostRun> notified = new ArrayList<>();
            for (Map.Entry<HostRun, java.util.Set<String>> e : topics.entrySet()) {
                java.util.Set<String> t = e.getValue();
                if (e.getKey().active() && (t.contains(handler.displayName()) || handler.listen().stream().anyMatch(t::contains))) {
                    notified.add(e.getKey());
                }
            }
            if (!notified.isEmpty()) runOnHosts("HANDLER", handler, notified, vars, play, pool);
        }
    }

    private void runOnHosts(String kind, Task task, List<HostRun> hosts, PlayVars vars, Play play, ExecutorService pool) {
        if (hosts.isEmpty()) return;
        reporter.taskStart(kind, tasks.title(task, hosts.get(0), vars), task.location().toString());
        List<Future<?>> running = new ArrayList<>();
        for (HostRun h : hosts) {
            running.add(pool.submit(() -> {
                TaskResult r = tasks.run(task, h, vars, play);
                h.count(r, opts.mode() == Mode.VERIFY);
                if (r.changed()) h.notified.addAll(task.notifies());
                reporter.result(task.noLog() ? censored(r) : r);
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                reporter.error("internal error: " + e.getCause());
            }
        }
    }

    private static TaskResult censored(TaskResult r) {
        return new TaskResult(r.host(), r.task(), r.location(), r.status(), "(output hidden by no_log)", List.of(), List.of(),
                Map.of(), r.ignored(), null, List.of());
    }

    private static List<HostRun> active(List<HostRun> hosts) {
        return hosts.stream().filter(HostRun::active).toList();
    }

    private int recap(List<Host> hosts) {
        Map<String, HostTally> counts = new LinkedHashMap<>();
        boolean failed = false;
        boolean unreachable = false;
        for (Host host : hosts) {
            HostRun h = hostRuns.get(host.name());
            counts.put(h.name(), new HostTally(h.ok, h.changed, h.failures, h.skipped, h.unreachables,
                    h.state == null ? 0 : h.state.roundTrips(), h.state == null ? 0 : h.state.roundTripTime().toMillis()));
            failed |= h.failures > 0;
            unreachable |= h.unreachables > 0;
        }
        reporter.recap(counts);
        return failed ? EXIT_FAILED : unreachable ? EXIT_UNREACHABLE : EXIT_OK;
    }
}
