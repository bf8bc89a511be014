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
    private final java.time.Instant runStart = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
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
    /** Kept by an applying or verifying run (never in check mode); null: none. */
    private RunJournal journal;
    /** In verify: what the results showed about the controls the tasks name; null otherwise. */
    private final ControlLedger controls;
    /** The hosts a later play of the playbook runs on than the one running now. */
    private java.util.Set<String> inLaterPlays = java.util.Set.of();

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

    /** {@code --step}'s answer to "Perform task?": run it, pass it over, or run it and every task after without asking. */
    public enum Step { YES, NO, CONTINUE }

    /** Asked before each task with its title (Ansible's {@code --step}); null: never asked. */
    private volatile java.util.function.Function<String, Step> stepper;

    /** Asks {@code stepper} before each task, as {@code --step} does, until it answers CONTINUE. */
    public void step(java.util.function.Function<String, Step> stepper) {
        this.stepper = stepper;
    }

    /**
     * Keeps a journal of this run on every host it reaches, when the run applies changes or verifies
     * (a verify's entry is small: what held, for the next verify's drift); check mode keeps none.
     */
    public Runner keepJournal(RunJournal j) {
        this.journal = opts.mode() == Mode.APPLY ? j : opts.mode() == Mode.VERIFY ? j.forVerify() : null;
        return this;
    }

    /** Runs the plays of a playbook that {@link Preflight} accepted; returns the exit code. */
    public int run(Playbook playbook, Inventory inventory, Preflight.Checked checked) {
        checked.secrets().forEach(reporter::secret);
        this.includes = playbook.includes();
        for (Host h : inventory.hosts()) hostRuns.put(h.name(), new HostRun(h));
        // no more threads than hosts: a fixed pool starts a new thread for every task it is given until
        // it is full, so a one-host run of ten tasks would start ten (each with its stack and malloc arena)
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(opts.forks(), inventory.hosts().size())), r -> {
            Thread t = new Thread(r, "bollard-host");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int p = 0; p < playbook.plays().size(); p++) {
                Play play = playbook.plays().get(p);
                java.util.Set<String> later = new java.util.HashSet<>();
                for (Play next : playbook.plays().subList(p + 1, playbook.plays().size())) {
                    for (Host h : checked.hosts(next)) later.add(h.name());
                }
                inLaterPlays = later;
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
            if (journal != null) journal.writeAll(hostRuns.values(), pool, opts.extraVars(), reporter::warning);
            pool.shutdownNow();
            if (opts.mode() == Mode.APPLY) savePending();
            List<HostRun> opened = new ArrayList<>(hostRuns.values());
            opened.addAll(tasks.delegatedOnly());
            for (HostRun h : opened) {
                for (dev.bollard.spi.HostState s : h.states.values()) {
                    s.release();
                    s.connection().close();
                }
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
        // a batch under way stops before its next task, as a run of single tasks does
        Thread stopper = new Thread(() -> {
            List<HostRun> all;
            synchronized (hostRuns) {
                all = new ArrayList<>(hostRuns.values());
            }
            for (HostRun h : all) {
                try {
                    for (dev.bollard.spi.HostState st : List.copyOf(h.states.values())) st.stopBatch();
                } catch (RuntimeException e) {
                    // the host's thread opened a connection meanwhile: its batch runs to its end
                }
            }
        }, "bollard-stop-batches");
        stopper.setDaemon(true);
        stopper.start();
        return new java.util.TreeMap<>(inFlight);
    }

    private void runPlay(Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool) {
        if (play.gatherFacts()) {
            List<HostRun> unread = active(hosts).stream().filter(h -> !h.gathered).toList();
            runOnHosts("TASK", FactGathering.task(play), unread, vars, play, pool);
        }
        boolean completed = runTasks(play.tasks(), play, hosts, vars, pool, true);
        if ((completed || opts.forceHandlers()) && !stopping.get()) runHandlers(play, hosts, vars, pool);
    }

    /**
     * Runs tasks in order on the hosts still in the play; false when a failure stopped the play for all.
     * {@code last}: no task of the play comes after the list's.
     */
    private boolean runTasks(List<Task> list, Play play, List<HostRun> hosts, PlayVars vars, ExecutorService pool, boolean last) {
        Task previous = null;
        for (int at = 0; at < list.size(); at++) {
            Task task = list.get(at);
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
            List<Task> batch = batchFrom(list, at, play);
            if (batch.size() > 1) {
                runBatch(batch, list.subList(at, list.size()), eligible, vars, play, pool, last && at + batch.size() == list.size());
                previous = batch.get(batch.size() - 1);
                at += batch.size() - 1;
                continue;
            }
            if (task.module().equals("include_tasks")) {
                if (!include(task, eligible, play, vars, pool, last && at == list.size() - 1)) return false;
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
     * The tasks from {@code at} on that an applying run sends to each host together (see {@link BatchRun}):
     * consecutive tasks in the same block that Batching accepts and that run now (selected by tags,
     * past --start-at-task). Empty when the task at {@code at} is not one of them.
     */
    private List<Task> batchFrom(List<Task> list, int at, Play play) {
        if (opts.mode() != Mode.APPLY || stepper != null || !started || play.control().anyErrorsFatal()
                || play.control().maxFailPercentage() != null) {
            return List.of();
        }
        List<Task> out = new ArrayList<>();
        for (int i = at; i < list.size(); i++) {
            Task t = list.get(i);
            if (!Batching.accepts(t, tasks.registry()) || !Tags.selected(t, opts) || !java.util.Objects.equals(t.scope(), list.get(at).scope())) break;
            out.add(t);
        }
        return out;
    }

    /**
     * Runs a batch of tasks on every host (each host its own batches, up to {@code forks} at once),
     * then reports each task's results in order, as one task at a time would. {@code last}: the play's
     * last tasks; on a host no later play runs on, the last batch then writes the journal entry too.
     */
    private void runBatch(List<Task> batch, List<Task> ahead, List<HostRun> hosts, PlayVars vars, Play play, ExecutorService pool,
                          boolean last) {
        if (hosts.isEmpty()) return;
        java.util.Set<String> later = inLaterPlays;
        BatchRun runner = new BatchRun(tasks, vars, play, ahead, stopping::get, last ? journal : null, h -> !later.contains(h.name()),
                opts.extraVars());
        Map<HostRun, Future<TaskResult[]>> running = new LinkedHashMap<>();
        for (HostRun h : hosts) {
            running.put(h, pool.submit(() -> {
                inFlight.put(h.name(), batch.get(0).displayName());
                try {
                    return runner.run(batch, h);
                } finally {
                    inFlight.remove(h.name());
                }
            }));
        }
        Map<HostRun, TaskResult[]> results = new LinkedHashMap<>();
        for (Map.Entry<HostRun, Future<TaskResult[]>> e : running.entrySet()) {
            try {
                results.put(e.getKey(), e.getValue().get());
            } catch (InterruptedException err) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException err) {
                // a defect fails this host's first task; it never escapes into a recap that would count the host as fine
                TaskResult[] one = new TaskResult[batch.size()];
                one[0] = TaskResult.of(e.getKey().name(), batch.get(0).displayName(), batch.get(0).location().toString(), Status.FAILED,
                        "internal error on this host: " + err.getCause());
                results.put(e.getKey(), one);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Task task = batch.get(i);
            HostRun first = null;
            for (HostRun h : hosts) {
                if (results.get(h)[i] != null) {
                    first = h;
                    break;
                }
            }
            if (first == null) continue;
            reporter.taskStart("TASK", tasks.title(task, first, vars), task.location().toString());
            for (HostRun h : hosts) {
                TaskResult r = results.get(h)[i];
                if (r != null) report(task, h, r);
            }
        }
    }

    /**
     * include_tasks of a file named by an expression: each host's file is read now and its tasks
     * run on the hosts that chose it, with the include's tags, become and vars.
     */
    private boolean include(Task include, List<HostRun> hosts, Play play, PlayVars vars, ExecutorService pool, boolean last) {
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
            note(h, include, r);
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
                    note(h, include, r);
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
            if (!runTasks(inherited, play, e.getValue(), vars, pool, last)) return false;
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
            h.pending.load(h.state);
            if (!h.notified.isEmpty()) topics.put(h, new java.util.HashSet<>(h.notified));
            h.notified.clear();
        }
        for (Task handler : play.handlers()) {
            List<HostRun> notified = new ArrayList<>();
            for (HostRun h : running) {
                java.util.Set<String> t = topics.getOrDefault(h, java.util.Set.of());
                boolean may = opts.forceHandlers() ? !h.unreachable : h.active();
                Map<String, String> earlier = h.pending.pendingFor(handler.handlerNames());
                if (!may) continue;
                if (opts.mode() == Mode.VERIFY && !earlier.isEmpty()) {
                    reportPending(handler, h, earlier);
                    continue;
                }
                boolean now = handler.handlerNames().stream().anyMatch(t::contains);
                if (now || !earlier.isEmpty()) {
                    h.pendingFrom = now ? null : String.join(", ", new java.util.LinkedHashSet<>(earlier.values()));
                    notified.add(h);
                }
            }
            if (notified.isEmpty()) continue;
            Map<HostRun, Integer> failuresBefore = new java.util.HashMap<>();
            for (HostRun h : notified) failuresBefore.put(h, h.failures + h.unreachables);
            runOnHosts("HANDLER", handler, notified, vars, play, pool);
            for (HostRun h : notified) {
                h.pendingFrom = null;
                // ran without failing (on a failed host too, under --force-handlers): no longer pending
                if (h.failures + h.unreachables == failuresBefore.get(h) && !opts.check()) h.pending.ran(handler.handlerNames());
            }
        }
    }

    /** In verify: a handler an earlier run notified and never ran; what it would restart or reload is not known to hold. */
    private void reportPending(Task handler, HostRun h, Map<String, String> earlier) {
        reporter.taskStart("HANDLER", handler.displayName(), handler.location().toString());
        TaskResult r = TaskResult.of(h.name(), handler.displayName(), handler.location().toString(), Status.FAILED,
                ModuleStep.NOT_HOLDING + "handler pending: notified by the run of " + String.join(", ", new java.util.LinkedHashSet<>(earlier.values()))
                        + ", which stopped before running it; the next apply runs it (" + PendingHandlers.FILE + ")");
        h.count(r, true);
        reporter.result(r);
        if (controls != null) controls.record(handler, h.name(), r);
    }

    /**
     * At the end of an applying run: what each host was notified of and did not run (a later task
     * failed, Ctrl-C) is kept on the host for the next run, and what ran is cleared there.
     */
    private void savePending() {
        String run = runLabel();
        for (HostRun h : hostRuns.values()) {
            if (h.state == null || h.unreachable) continue;
            h.pending.load(h.state);
            h.pending.add(h.notified, run);
            if (!h.pending.changed()) continue;
            String login = dev.bollard.engine.TaskConnection.loginUser(h.host.connection());
            String password = h.host.connection().becomePassword() != null ? h.host.connection().becomePassword() : opts.becomePassword();
            try {
                dev.bollard.spi.ExecResult r = h.pending.save(h.state, "root".equals(login) ? null : new dev.bollard.spi.Become("root", password));
                if (!r.ok()) reporter.error("host " + h.name() + ": cannot record the pending handlers in " + PendingHandlers.FILE + ": " + r.firstErrorLine());
            } catch (dev.bollard.spi.ConnectionException | dev.bollard.spi.ModuleFailure e) {
                reporter.error("host " + h.name() + ": cannot record the pending handlers in " + PendingHandlers.FILE + ": " + e.getMessage());
            }
        }
    }

    /** How a later run names this one: when it started, who ran it from where, and the playbook. */
    private String runLabel() {
        if (opts.hostLock() != null) {
            dev.bollard.spi.LockHolder me = opts.hostLock().me();
            return me.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " by " + me.user() + "@" + me.controlHost()
                    + (me.playbook() == null ? "" : " (" + me.playbook() + ")");
        }
        return runStart + " by " + System.getProperty("user.name");
    }

    private void runOnHosts(String kind, Task task, List<HostRun> hosts, PlayVars vars, Play play, ExecutorService pool) {
        if (hosts.isEmpty()) return;
        String title = tasks.title(task, hosts.get(0), vars);
        java.util.function.Function<String, Step> ask = stepper;
        if (ask != null && kind.equals("TASK")) {
            Step answer = ask.apply(title);
            if (answer == Step.CONTINUE) stepper = null;
            if (answer == Step.NO || answer == null) {
                passOver(task, hosts, "not chosen at --step");
                return;
            }
        }
        reporter.taskStart(kind, title, task.location().toString());
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
                String from = h.pendingFrom;
                if (from != null) r = r.withStatus(r.status(), "pending from run " + from + (r.msg() == null || r.msg().isBlank() ? "" : ": " + r.msg()));
                report(task, h, r);
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

    /** Counts, records and prints one host's result of a task. */
    private void report(Task task, HostRun h, TaskResult r) {
        if (!absorbs(task, h, r)) h.count(r, opts.mode() == Mode.VERIFY);
        if (r.changed()) h.notified.addAll(task.notifies());
        note(h, task, r);
        reporter.result(task.noLog() ? censored(r) : r);
        if (controls != null) controls.record(task, h.name(), r);
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
        note(first, task, r);
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

    private void note(HostRun h, Task task, TaskResult r) {
        if (journal != null) journal.record(h, task, r);
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
                    h.roundTrips(), h.roundTripMillis()));
            failed |= h.failures > 0;
            unreachable |= h.unreachables > 0;
        }
        Map<String, List<dev.bollard.report.Drift>> drift = new LinkedHashMap<>();
        if (opts.mode() == Mode.VERIFY) {
            for (Host host : hosts) drift.put(host.name(), DriftCheck.of(hostRuns.get(host.name())));
            reporter.drift(drift);
        }
        if (controls != null) {
            reporter.controls(controls.report(hosts.stream().map(h -> hostRuns.get(h.name())).toList(), stopping.get(), drift));
        }
        reporter.recap(counts);
        if (stopping.get()) {
            reporter.error("interrupted (Ctrl-C): the steps under way finished, no task started after it; the recap above is the run so far");
            return EXIT_INTERRUPTED;
        }
        return failed ? EXIT_FAILED : unreachable ? EXIT_UNREACHABLE : EXIT_OK;
    }
}
