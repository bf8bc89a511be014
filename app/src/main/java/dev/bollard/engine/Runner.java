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
    /** Stopped by Ctrl-C, as a shell reports a command SIGINT ended. */
    public static final int EXIT_INTERRUPTED = 130;
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    /** False until the task --start-at-task names is reached; true from the start without it. */
    private boolean started;
    /** Host name to the task it is in, while it is in one. */
    private final Map<String, String> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    private final Expressions ex;
    private final Connector connector;
    /** What -vvv shows of a command a no_log task sends: its text holds the values no_log hides. */
    static final String NO_LOG_COMMAND = "(a command of a no_log task: not shown)";
    /** Whether the task this thread runs is no_log: a host's commands run on the thread of its task. */
    private static final ThreadLocal<Boolean> IN_NO_LOG_TASK = ThreadLocal.withInitial(() -> false);
    private final Reporter reporter;
    private final RunOptions opts;
    private final TaskRunner tasks;
    private Playbook.TaskFiles includes;
    private final Map<String, HostRun> hostRuns = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** In verify: what the results showed about the controls the tasks name; null otherwise. */
    private final ControlLedger controls;

    public Runner(ModuleRegistry registry, Expressions ex, Connector connector, Reporter reporter, RunOptions opts) {
        this.ex = ex;
        this.connector = connector;
        this.reporter = reporter;
        this.opts = opts;
        this.started = opts.startAtTask() == null;
        this.tasks = new TaskRunner(registry, ex, connector, opts, reporter::secret, hostRuns);
        this.controls = opts.mode() == Mode.VERIFY ? new ControlLedger() : null;
        if (reporter.tracesCommands()) {
            tasks.trace((host, script, rc, nanos) -> reporter.command(host, IN_NO_LOG_TASK.get() ? NO_LOG_COMMAND : script, rc, nanos));
        }
    }

    /** Runs the plays of a playbook that {@link Preflight} accepted; returns the exit code. */
    public int run(Playbook playbook, Inventory inventory, Preflight.Checked checked) {
        checked.secrets().forEach(reporter::secret);
        this.includes = playbook.includes();
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
                if (controls != null) controls.plan(play.tasks(), hosts.stream().map(HostRun::name).toList(), checked::itemControls);
                for (List<HostRun> batch : play.control().batches(hosts)) {
                    if (stopping.get()) break;
                    PlayVars vars = new PlayVars(ex, inventory, play, checked.varsFiles(play), checked.groupVars(play), opts, batch.stream().map(HostRun::name).toList(),
                            hostRuns);
                    runPlay(play, batch, vars, pool);
                }
            }
        } finally {
            pool.shutdownNow();
            List<HostRun> opened = new ArrayList<>(hostRuns.values());
            opened.addAll(tasks.delegatedOnly());
            for (HostRun h : opened) {
                if (h.state == null) continue;
                h.state.release();
                h.state.connection().close();
            }
        }
        return recap(checked.allHosts());
    }

    /**
     * Ctrl-C: no task starts from now on; the steps under way finish (a file being written is
     * renamed whole or not at all), then the recap so far is printed. Returns the hosts that are
     * mid-task, with their task, for the message the user sees at once.
     */
    public Map<String, String> interrupt() {
        stopping.set(true);
        return new java.util.TreeMap<>(inFlight);
    }

    private void runPlay(Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool) {
        if (play.gatherFacts()) {
            List<HostRun> unread = active(hosts).stream().filter(h -> !h.gathered).toList();
            runOnHosts("TASK", FactGathering.task(play), unread, vars, play, pool);
        }
        boolean completed = runTasks(play.tasks(), play, hosts, vars, pool);
        if ((completed || opts.forceHandlers()) && !stopping.get()) runHandlers(play, hosts, vars, pool);
    }

    /** Runs tasks in order on the hosts still in the play; false when a failure stopped the play for all. */
    private boolean runTasks(List<Task> list, Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool) {
        Task previous = null;
        for (Task task : list) {
            if (stopping.get()) return false;
            if (!Tags.selected(task, opts)) {
                passOver(task, hosts, "not selected by --tags/--skip-tags");
                continue;
            }
            if (!started) {
                if (!task.handlerNames().contains(opts.startAtTask())) {
                    passOver(task, hosts, "before --start-at-task");
                    continue;
                }
                started = true;
            }
            for (dev.bollard.playbook.Block.Scope left : BlockFlow.left(previous, task)) BlockFlow.leave(left, hosts);
            previous = task;
            if (task.module().equals("meta") && "flush_handlers".equals(task.args().get("action"))) {
                runHandlers(play, hosts, vars, pool);
                continue;
            }
            List<HostRun> eligible = hosts.stream().filter(h -> BlockFlow.eligible(task, h)).toList();
            if (task.module().equals("include_tasks")) {
                if (!include(task, eligible, play, vars, pool)) return false;
                continue;
            }
            runOnHosts("TASK", task, eligible, vars, play, pool);
            if (stopsThePlay(play, hosts)) {
                for (HostRun h : active(hosts)) h.failed = true;
                reporter.error("the play stops for every host: " + (play.control().anyErrorsFatal() ? "any_errors_fatal is set and a host failed"
                        : "more than " + play.control().maxFailPercentage() + "% of the hosts failed (max_fail_percentage)"));
                return false;
            }
        }
        for (dev.bollard.playbook.Block.Scope left : BlockFlow.left(previous, null)) BlockFlow.leave(left, hosts);
        return true;
    }

    /**
     * include_tasks of a file named by an expression: each host's file is read now and its tasks
     * run on the hosts that chose it, with the include's tags, become and vars.
     */
    private boolean include(Task include, List<HostRun> hosts, Play play, PlayVars vars, ExecutorService pool) {
        if (hosts.isEmpty()) return true;
        reporter.taskStart("TASK", tasks.title(include, hosts.get(0), vars), include.location().toString());
        Map<java.nio.file.Path, List<HostRun>> byFile = new LinkedHashMap<>();
        for (HostRun h : hosts) {
            TaskResult r;
            try {
                Map<String, Object> v = vars.forTask(h, include, h.facts);
                if (include.when() != null && !ex.test(include.when(), v)) {
                    r = TaskResult.of(h.name(), include.displayName(), include.location().toString(), Status.SKIPPED, "condition is false: " + include.when());
                } else {
                    java.nio.file.Path file = java.nio.file.Path.of(String.valueOf(include.args().get("from"))).resolve(ex.render(String.valueOf(include.args().get("file")), v)).normalize();
                    byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(h);
                    r = TaskResult.of(h.name(), include.displayName(), include.location().toString(), Status.OK, "included " + file);
                }
            } catch (dev.bollard.expr.ExpressionException e) {
                r = TaskResult.of(h.name(), include.displayName(), include.location().toString(), Status.FAILED, e.getMessage());
            }
            h.count(r, false);
            reporter.result(r);
            if (controls != null) controls.record(include, h.name(), r);
        }
        for (Map.Entry<java.nio.file.Path, List<HostRun>> e : byFile.entrySet()) {
            List<Task> included;
            try {
                included = includes.read(e.getKey());
            } catch (dev.bollard.playbook.PlaybookException err) {
                for (HostRun h : e.getValue()) {
                    TaskResult r = TaskResult.of(h.name(), include.displayName(), include.location().toString(), Status.FAILED, err.getMessage());
                    h.count(r, false);
                    reporter.result(r);
                    if (controls != null) controls.record(include, h.name(), r);
                }
                continue;
            }
            List<Task> inherited = new ArrayList<>();
            for (Task t : included) {
                Task i = t.inherit(null, include.tags(), include.become(), include.becomeUser());
                i = include.vars().isEmpty() ? i : i.withVarsBelow(include.vars());
                inherited.add(include.role() == null ? i : i.inRole(include.role()));
            }
            if (!runTasks(inherited, play, e.getValue(), vars, pool)) return false;
        }
        return true;
    }

    /** any_errors_fatal and max_fail_percentage: whether the failures so far end the play for all. */
    private static boolean stopsThePlay(Play play, List<HostRun> hosts) {
        long failed = hosts.stream().filter(h -> h.failed).count();
        if (failed == 0) return false;
        if (play.control().anyErrorsFatal()) return true;
        Double max = play.control().maxFailPercentage();
        return max != null && failed * 100.0 / hosts.size() > max;
    }

    private void runHandlers(Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool) {
        Map<HostRun, java.util.Set<String>> topics = new LinkedHashMap<>();
        // --force-handlers: a host that failed still runs what it notified before failing
        List<HostRun> running = opts.forceHandlers() ? hosts.stream().filter(h -> !h.unreachable).toList() : active(hosts);
        for (HostRun h : running) {
            if (!h.notified.isEmpty()) topics.put(h, new java.util.HashSet<>(h.notified));
            h.notified.clear();
        }
        if (topics.isEmpty()) return;
        for (Task handler : play.handlers()) {
            List<HostRun> notified = new ArrayList<>();
            for (Map.Entry<HostRun, java.util.Set<String>> e : topics.entrySet()) {
                java.util.Set<String> t = e.getValue();
                boolean may = opts.forceHandlers() ? !e.getKey().unreachable : e.getKey().active();
                if (may && handler.handlerNames().stream().anyMatch(t::contains)) {
                    notified.add(e.getKey());
                }
            }
            if (!notified.isEmpty()) runOnHosts("HANDLER", handler, notified, vars, play, pool);
        }
    }

    private void runOnHosts(String kind, Task task, List<HostRun> hosts, PlayVars vars, Play play, ExecutorService pool) {
        if (hosts.isEmpty()) return;
        reporter.taskStart(kind, tasks.title(task, hosts.get(0), vars), task.location().toString());
        String once;
        try {
            once = runOnce(task, hosts.get(0), vars) ? "" : null;
        } catch (dev.bollard.expr.ExpressionException e) {
            once = "run_once: " + e.getMessage();
        }
        if (once != null) {
            runOnce(task, hosts, vars, play, once);
            return;
        }
        List<Future<?>> running = new ArrayList<>();
        for (HostRun h : hosts) {
            running.add(pool.submit(() -> {
                TaskResult r = runOne(task, h, vars, play);
                if (!absorbs(task, h, r)) h.count(r, opts.mode() == Mode.VERIFY);
                if (r.changed()) h.notified.addAll(task.notifies());
                reporter.result(task.noLog() ? censored(r) : r);
                if (controls != null) controls.record(task, h.name(), r);
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

    private TaskResult runOne(Task task, HostRun h, PlayVars vars, Play play) {
        inFlight.put(h.name(), task.displayName());
        IN_NO_LOG_TASK.set(task.noLog());
        try {
            return tasks.run(task, h, vars, play);
        } catch (RuntimeException | Error e) {
            // a defect, or the JVM out of memory or stack, fails this host's task; it never
            // escapes into a recap that would count the host as fine
            return TaskResult.of(h.name(), tasks.title(task, h, vars), task.location().toString(), Status.FAILED,
                    "internal error on this host: " + e);
        } finally {
            IN_NO_LOG_TASK.set(false);
            inFlight.remove(h.name());
        }
    }

    /** {@code run_once}: true, false, or an expression judged with the first host's variables. */
    private boolean runOnce(Task task, HostRun first, PlayVars vars) throws dev.bollard.expr.ExpressionException {
        if (task.runOnce() == null || Boolean.FALSE.equals(task.runOnce())) return false;
        if (Boolean.TRUE.equals(task.runOnce())) return true;
        return ex.test(task.runOnce(), vars.forTask(first, task, first.facts));
    }

    /**
     * {@code run_once} as Ansible does it: the task runs on the first host only and is reported
     * there; what it registered or set (variables, facts) is given to every host of the batch; it
     * notifies handlers for the first host; a failure fails every host of the batch.
     * {@code problem}, when not empty, is why run_once could not be judged: the task fails there.
     */
    private void runOnce(Task task, List<HostRun> hosts, PlayVars vars, Play play, String problem) {
        HostRun first = hosts.get(0);
        Map<String, Object> before = first.variables();
        TaskResult r = problem.isEmpty() ? runOne(task, first, vars, play)
                : TaskResult.of(first.name(), tasks.title(task, first, vars), task.location().toString(), Status.FAILED, problem);
        boolean verify = opts.mode() == Mode.VERIFY;
        if (!absorbs(task, first, r)) first.count(r, verify);
        if (r.changed()) first.notified.addAll(task.notifies());
        reporter.result(task.noLog() ? censored(r) : r);
        if (controls != null) controls.record(task, first.name(), r);
        Map<String, Object> set = new LinkedHashMap<>();
        first.variables().forEach((k, v) -> {
            if (!before.containsKey(k) || before.get(k) != v) set.put(k, v);
        });
        for (HostRun h : hosts.subList(1, hosts.size())) {
            if (!h.active()) continue;
            h.facts.putAll(set);
            if (!r.failed() && r.data().get("ansible_facts") instanceof Map<?, ?> found) h.addFacts(found);
            if (r.failed() && !r.ignored() && !absorbs(task, h, r) && !verify) h.failed = true;
        }
    }

    /**
     * Whether a block takes the failure (to be rescued). In verify, a postcondition that does not
     * hold is drift: reported, and the run goes on past it; a task that fails as it failed when
     * applied (a lookup that finds nothing, a failed assert) takes its block's rescue, as the run did.
     */
    private boolean absorbs(Task task, HostRun h, TaskResult r) {
        if (opts.mode() == Mode.VERIFY && drift(r)) return false;
        return BlockFlow.absorb(task, h, r);
    }

    static boolean drift(TaskResult r) {
        String msg = r.msg() == null ? "" : r.msg();
        if (msg.startsWith(ModuleStep.DRIFT) || msg.startsWith(ModuleStep.NOT_HOLDING) || msg.startsWith(TaskRunner.PROBE_FAILED)) return true;
        return r.items() != null && r.items().stream().anyMatch(i -> i.failed() && drift(i));
    }

    private static TaskResult censored(TaskResult r) {
        return new TaskResult(r.host(), r.task(), r.location(), r.status(), "(output hidden by no_log)", List.of(), List.of(),
                Map.of(), r.ignored(), null, List.of());
    }

    private void passOver(Task task, List<HostRun> hosts, String why) {
        if (controls != null) controls.passOver(task, hosts.stream().map(HostRun::name).toList(), why);
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
            counts.put(h.name(), new HostTally(h.ok, h.changed, h.failures, h.skipped, h.unreachables, h.rescued,
                    h.state == null ? 0 : h.state.roundTrips(), h.state == null ? 0 : h.state.roundTripTime().toMillis()));
            failed |= h.failures > 0;
            unreachable |= h.unreachables > 0;
        }
        if (controls != null) reporter.controls(controls.report(hosts.stream().map(h -> hostRuns.get(h.name())).toList(), stopping.get()));
        reporter.recap(counts);
        if (stopping.get()) {
            reporter.error("interrupted (Ctrl-C): the steps under way finished, no task started after it; the recap above is the run so far");
            return EXIT_INTERRUPTED;
        }
        return failed ? EXIT_FAILED : unreachable ? EXIT_UNREACHABLE : EXIT_OK;
    }
}
