package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Inventory;
import dev.bollard.playbook.Control;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Task;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Become;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.ModuleRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one task on one host: condition, loop, module or action, register, notify, probes. */
final class TaskRunner {
    static final String PROBE_FAILED = "verify failed: ";

    private final ModuleRegistry registry;
    private final Expressions ex;
    private final Connector connector;
    private final RunOptions opts;
    private final ModuleStep moduleStep;
    private final ReadAhead readAhead;
    private HostState.Trace trace;

    /** Every inventory host's side of the run, by name: where {@code delegate_to} finds its host. */
    private final Map<String, HostRun> hostRuns;
    /** {@code delegate_to: localhost} when the inventory has no localhost: the control machine, opened on first use. */
    private final Map<String, HostRun> implicit = new java.util.concurrent.ConcurrentHashMap<>();

    TaskRunner(ModuleRegistry registry, Expressions ex, Connector connector, RunOptions opts, java.util.function.Consumer<String> secrets,
               Map<String, HostRun> hostRuns) {
        this.hostRuns = hostRuns;
        this.registry = registry;
        this.ex = ex;
        this.connector = connector;
        this.opts = opts;
        this.moduleStep = new ModuleStep(ex, opts, secrets);
        this.readAhead = new ReadAhead(registry, ex);
    }

    ModuleRegistry registry() {
        return registry;
    }

    /** Every command sent to a host is told to {@code listener} ({@code -vvv}). */
    void trace(HostState.Trace listener) {
        this.trace = listener;
    }

    TaskResult run(Task task, HostRun h, PlayVars playVars, Play play) {
        return judged(task, h, playVars, runTask(task, h, playVars, play));
    }

    /** {@code ignore_errors} as an expression, judged on the result; the result under the task's title. */
    private TaskResult judged(Task task, HostRun h, PlayVars playVars, TaskResult r) {
        if (r.failed() && !r.ignored() && task.ignoreErrors() instanceof String expr) {
            try {
                if (ex.test(expr, playVars.forTask(h, task, h.facts))) r = r.ignoring();
            } catch (ExpressionException e) {
                r = TaskResult.of(h.name(), task.displayName(), task.location().toString(), Status.FAILED, "ignore_errors: " + e.getMessage());
            }
        }
        return r.task().equals(task.displayName()) ? r.named(title(task, h, playVars)) : r;
    }

    private TaskResult runTask(Task task, HostRun h, PlayVars playVars, Play play) {
        String where = task.location().toString();
        Map<String, Object> vars = playVars.forTask(h, task, h.facts);
        try {
            if (task.loop() == null) {
                TaskResult r = retrying(task, h, vars, playVars, play, null);
                if (r.failed() && task.ignoresErrors()) r = r.ignoring();
                register(task, h, r);
                return r;
            }
            List<Object> list = LoopItems.items(task.loop(), ex, vars, play.baseDir());
            List<TaskResult> results = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0 && task.loop().pause() > 0 && !opts.check()) pause(task.loop().pause());
                Map<String, Object> itemVars = LoopItems.itemVars(task.loop(), vars, list, i);
                String label = task.loop().label() != null ? ex.render(String.valueOf(task.loop().label()), itemVars) : label(list.get(i));
                List<Control> named;
                try {
                    named = Control.ofItem(list.get(i));
                } catch (IllegalArgumentException e) {
                    // only verify's report reads the key: a wrong one fails the check that would have named it
                    if (opts.mode() == Mode.VERIFY) {
                        results.add(TaskResult.of(h.name(), task.displayName(), where, Status.FAILED, "loop item " + label + ": " + e.getMessage()).withItem(label));
                        continue;
                    }
                    named = List.of();
                }
                results.add(retrying(task, h, itemVars, playVars, play, list.get(i)).withItem(label).withControls(named));
            }
            TaskResult summary = summarize(h, task, results);
            register(task, h, summary);
            return summary;
        } catch (ExpressionException e) {
            return fail(h, task, e.getMessage());
        } catch (RuntimeException e) {
            return fail(h, task, "internal error: " + e + " at " + where);
        }
    }

    /**
     * {@code until}: runs the task again, {@code delay} seconds apart, until the condition holds on
     * its result, at most {@code retries} more times. A task check mode only predicted is not judged.
     */
    private TaskResult retrying(Task task, HostRun h, Map<String, Object> vars, PlayVars playVars, Play play, Object item)
            throws ExpressionException {
        TaskResult r = runOnce(task, h, vars, playVars, play, item);
        if (task.retry() == null) return r;
        int retries = Integer.parseInt(String.valueOf(ex.resolve(task.retry().retries(), vars)).strip());
        double delay = Double.parseDouble(String.valueOf(ex.resolve(task.retry().delay(), vars)).strip());
        for (int attempt = 1; ; attempt++) {
            if (r.status() == Status.SKIPPED || r.status() == Status.UNREACHABLE || (opts.check() && r.changed())) return r;
            Map<String, Object> withResult = new LinkedHashMap<>(vars);
            Map<String, Object> value = resultValue(r);
            value.put("attempts", attempt);
            if (task.register() != null) withResult.put(task.register(), value);
            withResult.put("result", value);
            if (ex.test(task.retry().until(), withResult)) return r;
            if (attempt > retries) {
                return TaskResult.of(h.name(), task.displayName(), task.location().toString(), Status.FAILED,
                        "until '" + task.retry().until() + "' still false after " + attempt + " attempts: " + r.msg());
            }
            pause(delay);
            r = runOnce(task, h, vars, playVars, play, item);
        }
    }

    private TaskResult runOnce(Task task, HostRun h, Map<String, Object> vars, PlayVars playVars, Play play, Object item)
            throws ExpressionException {
        String name = task.displayName();
        String where = task.location().toString();
        if (task.when() != null && !ex.test(task.when(), vars)) {
            return TaskResult.of(h.name(), name, where, Status.SKIPPED, "condition is false: " + task.when());
        }
        HostRun target;
        try {
            target = delegate(task, h, vars);
        } catch (ModuleFailure e) {
            return fail(h, task, e.getMessage());
        }
        String delegated = target == h ? null : target.name();
        if (Actions.NAMES.contains(task.module())) {
            Actions.Outcome o = task.module().equals("include_vars") ? IncludeVars.run(task, ex, vars, play.baseDir(), opts.vault()) : Actions.run(task, ex, vars);
            h.facts.putAll(o.facts());
            return new TaskResult(h.name(), name, where, o.status(), o.msg(), List.of(), List.of(), o.data(), false, null, List.of(), delegated);
        }
        Module<?> module = registry.find(task.module()).orElseThrow();
        Map<String, Object> args = renderArgs(ex, task, vars);
        try {
            TaskResult r;
            // one task at a time uses a host's state: its own, or one delegated to it by another host
            synchronized (target.lock) {
                dev.bollard.inventory.Host reached = target == h ? TaskConnection.of(h.host, task, play, vars, ex) : target.host;
                HostState state = connect(target, reached);
                Become become = become(task, play, reached.connection(), vars);
                if (become != null && opts.check() && state.predicted(dev.bollard.spi.Prediction.user(become.user())).isPresent()) {
                    // the user only exists once an earlier task has run: read as root to plan
                    become = new Become("root", become.password());
                }
                if (target == h && become != null && become.user().equals("root") && h.rootBecome == null) h.rootBecome = become;
                if (target == h) {
                    readAhead.before(ReadAhead.probes(module, args), become, state, task, h, playVars, play, reach(reached, become), this::reach);
                }
                r = moduleStep.run(module, task, args, context(task, play, state, become, vars, opts.check()), h, vars);
            }
            if (target == h) h.lastChanged = r.changed() && !opts.check();
            if (!r.failed() && r.data().get("ansible_facts") instanceof Map<?, ?> found) {
                // any module may return facts, as in Ansible; they are the task's host's even when
                // delegated (Ansible's default without delegate_facts); setup's mean the host's facts are read
                h.addFacts(found);
                if (module.name().equals("setup") && target == h) h.gathered = true;
            }
            return delegated == null ? r : r.delegatedTo(delegated);
        } catch (ArgsException e) {
            return fail(h, task, task.lineOf(e.key()) + ": " + e.getMessage());
        } catch (ConnectionException e) {
            TaskResult r = TaskResult.of(h.name(), name, where, Status.UNREACHABLE, e.getMessage());
            return delegated == null ? r : r.delegatedTo(delegated);
        } catch (ModuleFailure e) {
            return fail(h, task, e.getMessage());
        }
    }

    /**
     * One loop item (or the task, without a loop) planned for a batch: decided already (skipped, or
     * failed to plan), or planned, with what its plan relied on ({@code consumed}) and the reads that prove it.
     */
    record Unit(String label, TaskResult decided, ModuleStep.Planned<?> planned, List<HostState.Consumed> consumed,
                List<dev.bollard.spi.Probe> probes, Map<String, Object> vars, Object item) {
        int commands() {
            return planned == null || planned.recorded() == null ? 0 : planned.recorded().size();
        }
    }

    /** A task planned for a batch on one host: its units, and the connection and become its steps go through. */
    record PlannedTask(Task task, List<Unit> units, boolean looped, HostState state, Become become, Object reach) {
        int commands() {
            return units.stream().mapToInt(Unit::commands).sum();
        }

        /** Whether a unit's plan failed (not as ignore_errors allows). */
        boolean failed() {
            return units.stream().anyMatch(u -> u.decided() != null && u.decided().failed() && !u.decided().ignored());
        }

        /** Whether a step may change more than it predicts (see {@link dev.bollard.spi.Step#predictable}). */
        boolean unpredictable() {
            return units.stream().anyMatch(u -> u.planned() != null && u.planned().steps().stream().anyMatch(st -> !st.predictable()));
        }
    }

    /**
     * Plans a task for a batch (see {@link BatchRun}): each item's plan made on the state the earlier
     * tasks of the batch leave behind, its steps recorded, not run. Throws {@link HostState.NotDeferrable}
     * when the task cannot join a batch (its items reach the host differently, a step reads while it applies).
     */
    PlannedTask plan(Task task, List<Task> order, HostRun h, PlayVars playVars, Play play) {
        String where = task.location().toString();
        List<Unit> units = new ArrayList<>();
        HostState state = null;
        Become become = null;
        Object reach = null;
        boolean looped = task.loop() != null;
        try {
            Map<String, Object> vars = playVars.forTask(h, task, h.facts);
            List<Object> list = looped ? LoopItems.items(task.loop(), ex, vars, play.baseDir()) : null;
            Module<?> module = registry.find(task.module()).orElseThrow();
            for (int i = 0; i < (looped ? list.size() : 1); i++) {
                Map<String, Object> v = looped ? LoopItems.itemVars(task.loop(), vars, list, i) : vars;
                String label = !looped ? null : task.loop().label() != null ? ex.render(String.valueOf(task.loop().label()), v) : label(list.get(i));
                if (task.when() != null && !ex.test(task.when(), v)) {
                    units.add(new Unit(label, TaskResult.of(h.name(), task.displayName(), where, Status.SKIPPED, "condition is false: " + task.when()),
                            null, List.of(), List.of(), v, looped ? list.get(i) : null));
                    continue;
                }
                Map<String, Object> args = renderArgs(ex, task, v);
                List<dev.bollard.spi.Probe> probes = ReadAhead.probes(module, args);
                try {
                    dev.bollard.inventory.Host reached = TaskConnection.of(h.host, task, play, v, ex);
                    HostState s = connect(h, reached);
                    Become b = become(task, play, reached.connection(), v);
                    Object r = reach(reached, b);
                    if (reach != null && !reach.equals(r)) throw new HostState.NotDeferrable("its items reach the host differently");
                    state = s;
                    become = b;
                    reach = r;
                    if (b != null && b.user().equals("root") && h.rootBecome == null) h.rootBecome = b;
                    readAhead.before(probes, b, s, task, order, h, playVars, play, r, this::reach);
                    dev.bollard.spi.TaskContext ctx = context(task, play, s, b, v, false);
                    s.watchConsumed();
                    ModuleStep.Planned<?> p;
                    List<HostState.Consumed> relied;
                    try {
                        p = moduleStep.plan(module, task, args, ctx, h, v, true);
                    } finally {
                        relied = s.takeConsumed();
                    }
                    units.add(new Unit(label, null, p, relied, probes, v, looped ? list.get(i) : null));
                } catch (ArgsException e) {
                    units.add(new Unit(label, fail(h, task, task.lineOf(e.key()) + ": " + e.getMessage()), null, List.of(), List.of(), v, null));
                } catch (ModuleFailure e) {
                    units.add(new Unit(label, fail(h, task, e.getMessage()), null, List.of(), List.of(), v, null));
                } catch (ConnectionException e) {
                    units.add(new Unit(label, TaskResult.of(h.name(), task.displayName(), where, Status.UNREACHABLE, e.getMessage()), null, List.of(), List.of(), v, null));
                    break;
                }
                if (units.get(units.size() - 1).decided() != null && units.get(units.size() - 1).decided().failed()) break;
            }
        } catch (ExpressionException e) {
            units.add(new Unit(null, fail(h, task, e.getMessage()), null, List.of(), List.of(), Map.of(), null));
            looped = false;
        }
        return new PlannedTask(task, units, looped, state, become, reach);
    }

    /**
     * Finishes a task planned for a batch once the batch ran: each unit's steps replayed against
     * {@code answers} (the host's answers to its commands, in order), its postcondition proved on
     * the reads that came back with them. Throws {@link HostState.Unanswered} when the batch stopped
     * before a unit's steps (the task is planned again).
     */
    TaskResult finish(PlannedTask pt, java.util.Iterator<dev.bollard.spi.ExecResult> answers, HostRun h, PlayVars playVars, Play play,
                      java.util.function.Function<Unit, java.util.Set<String>> changedLater) {
        Task task = pt.task();
        List<TaskResult> results = new ArrayList<>();
        boolean answered = false;
        for (Unit u : pt.units()) {
            TaskResult r;
            if (u.decided() != null) {
                r = u.decided();
            } else {
                List<dev.bollard.spi.ExecResult> mine = new ArrayList<>();
                for (int i = 0; i < u.commands() && answers.hasNext(); i++) mine.add(answers.next());
                HostState s = u.planned().ctx().state();
                answered |= !mine.isEmpty();
                // a path a later task of the batch changed again is proved as this task's step left it (the
                // step's own exact result); the host's answer proves the last change
                for (String path : changedLater.apply(u)) {
                    java.util.Optional<dev.bollard.spi.RemoteFile> left = u.planned().leaves().get(path);
                    if (left.isPresent()) s.predictFile(left.get());
                    else s.predictAbsent(path);
                }
                s.replay(mine);
                try {
                    r = moduleStep.finish(u.planned());
                } catch (HostState.Unanswered e) {
                    // an earlier item ran and the batch stopped (an item failed): the other items run
                    // one by one as without a batch, each planned on the host as it is now
                    if (!answered) throw e;
                    s.endReplay();
                    s.endBatchAnswers();
                    try {
                        r = retrying(task, h, u.vars(), playVars, play, u.item());
                    } catch (ExpressionException err) {
                        r = fail(h, task, err.getMessage());
                    }
                } catch (ConnectionException e) {
                    r = TaskResult.of(h.name(), task.displayName(), task.location().toString(), Status.UNREACHABLE, e.getMessage());
                } catch (ModuleFailure | ExpressionException e) {
                    r = fail(h, task, e.getMessage());
                } finally {
                    s.endReplay();
                    s.clearPredictions();
                }
                h.lastChanged = r.changed();
                if (!r.failed() && r.data().get("ansible_facts") instanceof Map<?, ?> found) h.addFacts(found);
            }
            results.add(pt.looped() ? r.withItem(u.label()) : r);
            if (r.status() == Status.UNREACHABLE) break;
        }
        return whole(pt, h, playVars, results);
    }

    /** A batched task's result from its units' (one per loop item, or one), judged as a task run on its own is. */
    private TaskResult whole(PlannedTask pt, HostRun h, PlayVars playVars, List<TaskResult> results) {
        Task task = pt.task();
        TaskResult r;
        if (pt.looped()) {
            r = summarize(h, task, results);
        } else {
            r = results.get(0);
            if (r.failed() && task.ignoresErrors()) r = r.ignoring();
        }
        return judged(task, h, playVars, r);
    }

    /**
     * The result {@link #finish} gives a task planned for a batch when each of its steps succeeds and
     * leaves the host as predicted; null when that cannot be told before the steps run. See
     * {@link ModuleStep#predicted} for {@code changedLater}, {@code owner} and {@code group}.
     */
    TaskResult predicted(PlannedTask pt, HostRun h, PlayVars playVars, java.util.function.Function<Unit, java.util.Set<String>> changedLater,
                         String owner, String group) {
        List<TaskResult> results = new ArrayList<>();
        for (Unit u : pt.units()) {
            TaskResult r = u.decided() != null ? u.decided() : moduleStep.predicted(u.planned(), changedLater.apply(u), owner, group);
            if (r == null || r.status() == Status.UNREACHABLE) return null;
            results.add(pt.looped() ? r.withItem(u.label()) : r);
        }
        return whole(pt, h, playVars, results);
    }

    /** What the tasks after a batch will read, to be read with it. */
    List<dev.bollard.spi.Probe> probesAhead(List<Task> next, HostRun h, PlayVars playVars, Play play, Object reach) {
        return reach == null ? List.of() : readAhead.ahead(next, h, playVars, play, reach, this::reach);
    }

    /** What a module's plan and steps are given: the host, how to become, the playbook's files, the task's environment. */
    private dev.bollard.spi.TaskContext context(Task task, Play play, HostState state, Become become, Map<String, Object> vars, boolean check)
            throws ExpressionException, ModuleFailure {
        return new dev.bollard.spi.TaskContext(state, become, check, PlaybookFiles.of(task, play.baseDir(), ex, vars, opts.vault()),
                environment(task, vars));
    }

    /** The task's {@code environment}, rendered; a name the shell cannot take is refused. */
    private Map<String, String> environment(Task task, Map<String, Object> vars) throws ExpressionException, ModuleFailure {
        if (task.environment().isEmpty()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : task.environment().entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) throw new ModuleFailure("environment: '" + e.getKey() + "' is not a variable name");
            Object v = ex.resolve(e.getValue(), vars);
            out.put(e.getKey(), v instanceof String s ? s : dev.bollard.engine.Json.write(v).replaceAll("^\"|\"$", ""));
        }
        return out;
    }

    /** The task's arguments with variables filled in; an argument that renders to {@code omit} is left out. */
    static Map<String, Object> renderArgs(Expressions ex, Task task, Map<String, Object> vars) throws ExpressionException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : task.args().entrySet()) {
            try {
                Object v = ex.resolve(e.getValue(), vars);
                if (!PlayVars.OMIT.equals(v)) out.put(e.getKey(), v);
            } catch (ExpressionException err) {
                throw new ExpressionException(task.lineOf(e.getKey()) + ": argument '" + e.getKey() + "': " + err.getMessage(), err.undefined());
            }
        }
        return out;
    }

    /**
     * The host a task runs on: its own, or the one {@code delegate_to} names (rendered with the
     * task's host's variables): a host of the inventory with its own connection settings, or
     * {@code localhost} (the control machine) when the inventory has none.
     */
    private HostRun delegate(Task task, HostRun h, Map<String, Object> vars) throws ExpressionException, ModuleFailure {
        if (task.delegateTo() == null) return h;
        String name = ex.render(String.valueOf(task.delegateTo()), vars).strip();
        if (name.isEmpty()) throw new ModuleFailure("delegate_to: '" + task.delegateTo() + "' gives no host name");
        if (name.equals(h.name())) return h;
        HostRun other = hostRuns.get(name);
        if (other != null) return other;
        if (LOCALHOST.contains(name)) {
            return implicit.computeIfAbsent("localhost", k -> new HostRun(Inventory.implicitLocalhost().hosts().get(0)));
        }
        throw new ModuleFailure("delegate_to: '" + name + "' is not a host of the inventory (nor localhost)");
    }

    static final java.util.Set<String> LOCALHOST = java.util.Set.of("localhost", "127.0.0.1", "::1");

    /** Hosts opened only because a task was delegated to them (the implicit localhost). */
    java.util.Collection<HostRun> delegatedOnly() {
        return implicit.values();
    }

    HostState connect(HostRun h) throws ConnectionException {
        return connect(h, h.host);
    }

    /** The host's connection with {@code reached}'s settings, opened on first use; the first one opened takes the host's lock. */
    HostState connect(HostRun h, dev.bollard.inventory.Host reached) throws ConnectionException {
        HostState s = h.states.get(reached.connection());
        if (s != null) return s;
        s = new HostState(h.name(), connector.open(reached), opts.commandTimeout());
        if (trace != null) s.trace(trace);
        // the implicit localhost a task is delegated to is the control machine: not a host of this run to lock
        if (h.state == null && !implicit.containsValue(h)) {
            if (opts.hostLock() != null) {
                s.lock(new dev.bollard.spi.HostLock(h.name(), opts.hostLock(), s.connection() instanceof dev.bollard.spi.LocalConnection));
            }
            PendingHandlers.readWith(s);
        }
        h.states.put(reached.connection(), s);
        if (h.state == null) h.state = s;
        return s;
    }

    /**
     * Whether and to whom the task becomes: the connection variables ({@code ansible_become},
     * {@code ansible_become_user}) win over the task's and the play's keywords, as in Ansible, where a
     * variable set anywhere overrides {@code become:}; without them, the keywords, then {@code -b} and ansible.cfg.
     */
    private Become become(Task task, Play play, ConnectionSettings c, Map<String, Object> vars) throws ExpressionException, ModuleFailure {
        Object onVar = vars.get("ansible_become");
        boolean on = onVar != null ? truth(ex.resolve(onVar, vars))
                : task.become() != null ? task.become() : play.become() != null ? play.become() : c.become();
        if (!on) return null;
        Object userVar = vars.get("ansible_become_user");
        String user = userVar != null ? String.valueOf(ex.resolve(userVar, vars))
                : task.becomeUser() != null ? task.becomeUser() : play.becomeUser() != null ? play.becomeUser()
                : c.becomeUser() != null ? c.becomeUser() : "root";
        user = ex.render(user, vars);
        if (user.equals(TaskConnection.loginUser(c))) return null;
        String password = c.becomePassword() != null ? c.becomePassword() : opts.becomePassword();
        Object passVar = vars.get("ansible_become_password") != null ? vars.get("ansible_become_password") : vars.get("ansible_become_pass");
        if (passVar != null) password = String.valueOf(ex.resolve(passVar, vars));
        return new Become(user, password);
    }

    /** What {@link ReadAhead} compares: tasks with the same connection and become user may share a batch of reads. */
    private Object reach(Task task, Play play, HostRun h, Map<String, Object> vars) throws ExpressionException {
        try {
            dev.bollard.inventory.Host reached = TaskConnection.of(h.host, task, play, vars, ex);
            return reach(reached, become(task, play, reached.connection(), vars));
        } catch (ModuleFailure e) {
            return new Object();
        }
    }

    private static Object reach(dev.bollard.inventory.Host reached, Become become) {
        return java.util.Arrays.asList(reached.connection(), become == null ? null : become.user());
    }

    private static boolean truth(Object o) throws ModuleFailure {
        if (o instanceof Boolean b) return b;
        return switch (String.valueOf(o).strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new ModuleFailure("ansible_become must be true or false, not '" + o + "'");
        };
    }

    private void register(Task task, HostRun h, TaskResult r) {
        if (task.register() == null) return;
        h.facts.put(task.register(), resultValue(r));
    }

    /** A task's result as {@code register} keeps it, in Ansible's shape. */
    private static Map<String, Object> resultValue(TaskResult r) {
        Map<String, Object> value = new LinkedHashMap<>(r.data());
        value.put("changed", r.status() == Status.CHANGED);
        value.put("failed", r.status() == Status.FAILED);
        value.put("skipped", r.status() == Status.SKIPPED);
        value.put("msg", r.msg() == null ? "" : r.msg());
        if (!r.items().isEmpty()) {
            List<Object> results = new ArrayList<>();
            for (TaskResult i : r.items()) {
                Map<String, Object> one = new LinkedHashMap<>(i.data());
                one.put("changed", i.changed());
                one.put("failed", i.failed());
                one.put("skipped", i.status() == Status.SKIPPED);
                one.put("item", i.item());
                results.add(one);
            }
            value.put("results", results);
        }
        return value;
    }

    private TaskResult summarize(HostRun h, Task task, List<TaskResult> results) {
        Status status = Status.SKIPPED;
        for (TaskResult r : results) {
            if (r.status() == Status.UNREACHABLE) return r.withItem(null);
            if (r.status() == Status.FAILED && !r.ignored()) status = Status.FAILED;
            else if (r.status() == Status.CHANGED && status != Status.FAILED) status = Status.CHANGED;
            else if (r.status() == Status.OK && status == Status.SKIPPED) status = Status.OK;
        }
        long changed = results.stream().filter(TaskResult::changed).count();
        long failed = results.stream().filter(TaskResult::failed).count();
        String msg = results.isEmpty() ? "the loop has no items" : results.size() + " items: " + changed + " changed, " + failed + " failed";
        TaskResult r = new TaskResult(h.name(), task.displayName(), task.location().toString(), status, msg, List.of(),
                List.of(), Map.of(), false, null, List.copyOf(results));
        return status == Status.FAILED && task.ignoresErrors() ? r.ignoring() : r;
    }

    private TaskResult fail(HostRun h, Task task, String msg) {
        TaskResult r = TaskResult.of(h.name(), task.displayName(), task.location().toString(), Status.FAILED, msg);
        return task.ignoresErrors() ? r.ignoring() : r;
    }

    static String label(Object item) {
        if (item instanceof Map<?, ?> m) {
            for (String key : List.of("name", "path", "key", "dest")) {
                if (m.containsKey(key)) return String.valueOf(m.get(key));
            }
        }
        return String.valueOf(item);
    }

    /** The task's name with the first host's variables filled in, for the task header. */
    String title(Task task, HostRun h, PlayVars playVars) {
        String name = task.displayName();
        // an unnamed task is shown as written: its arguments differ per host, its header is one
        if (task.name() == null || task.name().isBlank()) return name;
        try {
            return ex.render(name, playVars.forTask(h, task, h.facts));
        } catch (ExpressionException e) {
            return name;
        }
    }

    private static void pause(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A verify probe that did not succeed: the one-line message naming it and quoting its output,
     * and its whole output ({@code cmd}, {@code rc}, {@code stdout}, {@code stderr}) for the report files.
     */
    record ProbeFailure(String message, Map<String, Object> output) {
        /** The key of the result's data that holds {@link #output}. */
        static final String KEY = "verify_probe";
    }

    /** Runs a verify probe on the host: null when it exits 0. */
    static ProbeFailure probe(dev.bollard.spi.TaskContext ctx, String cmd) throws ConnectionException, ModuleFailure {
        ExecResult r = ctx.run(cmd);
        if (r.ok()) return null;
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("cmd", cmd);
        output.put("rc", r.rc());
        output.put("stdout", r.stdout());
        output.put("stderr", r.stderr());
        return new ProbeFailure(PROBE_FAILED + "`" + cmd + "` exited " + r.rc() + ": " + r.firstErrorLine(), output);
    }
}
