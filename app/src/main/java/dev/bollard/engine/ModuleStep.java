package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.journal.FileCapture;
import dev.bollard.journal.FileRecord;
import dev.bollard.playbook.Task;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan / apply / verify cycle of one module on one host, in the run's mode, followed by
 * {@code changed_when}, {@code failed_when} and the task's own {@code verify} probes.
 */
final class ModuleStep {
    /** How verify words a postcondition that does not hold: drift, as opposed to a task that fails as it would when applied. */
    static final String DRIFT = "not in the desired state: ";
    static final String NOT_HOLDING = "postcondition does not hold: ";
    /** How verify words a task it skips because its module has no state to compare. */
    static final String NOTHING_TO_CHECK = "nothing to check: ";

    private final Expressions ex;
    private final RunOptions opts;

    private final java.util.function.Consumer<String> secrets;

    /** {@code secrets} receives the values of arguments a module declares secret, before anything is printed. */
    ModuleStep(Expressions ex, RunOptions opts, java.util.function.Consumer<String> secrets) {
        this.ex = ex;
        this.opts = opts;
        this.secrets = secrets;
    }

    /**
     * A task's plan on one host, made and not yet carried out: what {@link #finish} needs to apply it
     * (or to report it, when nothing is to change).
     *
     * @param compared the files the plan compared (for the journal)
     * @param recorded in a batch: each step's commands, recorded to be sent with other tasks' steps
     * @param capture  in a batch: the paths the steps change, as the plan found them (predictions included)
     * @param noOpFiles in a batch: what a plan that changes nothing compared, taken before the batch runs
     * @param leaves   in a batch: each path the steps change, as they leave it (their prediction)
     * @param expected in a batch: what the journal is expected to say the steps changed, once they ran
     */
    record Planned<A>(Module<A> module, A parsed, Plan plan, Task task, TaskContext ctx, HostRun h, Map<String, Object> vars,
                      List<String> compared, List<List<dev.bollard.spi.StepBatch.Deferred>> recorded, FileCapture capture,
                      List<FileRecord> noOpFiles, Map<String, java.util.Optional<dev.bollard.spi.RemoteFile>> leaves,
                      List<FileRecord> expected) {
        boolean changes() {
            return plan instanceof Plan.Change;
        }

        List<Step> steps() {
            return plan instanceof Plan.Change c ? c.steps() : List.of();
        }
    }

    <A> TaskResult run(Module<A> module, Task task, Map<String, Object> args, TaskContext ctx, HostRun h,
                       Map<String, Object> vars)
            throws ArgsException, ConnectionException, ModuleFailure, ExpressionException {
        return finish(plan(module, task, args, ctx, h, vars, false));
    }

    /**
     * Binds the arguments and plans. With {@code batched} (an applying run that sends several tasks'
     * steps at once), the steps' commands are recorded instead of run and their results predicted, so
     * the next task is planned on the state this one leaves behind, as check mode plans.
     */
    <A> Planned<A> plan(Module<A> module, Task task, Map<String, Object> args, TaskContext ctx, HostRun h,
                        Map<String, Object> vars, boolean batched)
            throws ArgsException, ConnectionException, ModuleFailure {
        Args bound = Args.bind(module, args, false);
        if (module.spec() != null) {
            for (String key : module.spec().secrets()) {
                if (bound.raw(key) != null) secrets.accept(String.valueOf(bound.raw(key)));
            }
        }
        A parsed = module.parse(bound);
        boolean journaled = opts.mode() == Mode.APPLY || opts.mode() == Mode.VERIFY;
        if (journaled) ctx.state().takeReadLog();
        Plan plan = module.plan(parsed, ctx);
        // the files the plan compared: the journal keeps the checksum the playbook wants of each, for verify's drift
        List<String> compared = journaled ? ctx.state().takeReadLog() : List.of();
        if (!batched) return new Planned<>(module, parsed, plan, task, ctx, h, vars, compared, null, null, null, Map.of(), null);
        if (!(plan instanceof Plan.Change change)) {
            return new Planned<>(module, parsed, plan, task, ctx, h, vars, compared, null, null, Wanted.asTheyAre(compared, ctx.state()), Map.of(),
                    null);
        }
        FileCapture capture = FileCapture.before(change.steps(), ctx.state());
        List<List<dev.bollard.spi.StepBatch.Deferred>> recorded = new ArrayList<>();
        for (Step s : change.steps()) {
            List<dev.bollard.spi.StepBatch.Deferred> commands = ctx.state().record(s, ctx);
            if (commands.size() != 1) throw new dev.bollard.spi.HostState.NotDeferrable(s.describe() + " sends " + commands.size() + " commands");
            recorded.add(commands);
            s.predict(ctx.state());
        }
        Map<String, java.util.Optional<dev.bollard.spi.RemoteFile>> leaves = new LinkedHashMap<>();
        for (Step s : change.steps()) {
            if (s instanceof dev.bollard.spi.PathStep ps && s.predictable()) leaves.put(ps.path(), ctx.state().known(ps.path()));
        }
        // as finish will record them if the host ends up as predicted: the host's reads after the batch show the paths so
        List<FileRecord> expected = capture.isEmpty() ? List.of() : capture.after(ctx.state(), change.steps().size());
        return new Planned<>(module, parsed, plan, task, ctx, h, vars, compared, recorded, capture, null, leaves, expected);
    }

    /**
     * The result {@link #finish} gives a plan made for a batch when each of its steps succeeds and the
     * host is then as the steps predicted; null when that cannot be told before the steps run (the task's
     * result is judged on their output: changed_when, failed_when, verify probes). {@code changedLater}: the
     * paths a later step of the batch changes again (proved on the prediction, as finish proves them);
     * {@code owner} and {@code group}: the user the steps run as and its group (null: not known).
     */
    TaskResult predicted(Planned<?> p, java.util.Set<String> changedLater, String owner, String group) {
        Task task = p.task();
        if (task.changedWhen() != null || task.failedWhen() != null || !task.verify().isEmpty()) return null;
        if (p.plan() instanceof Plan.NoOp noOp) {
            if (p.noOpFiles() == null) return null;
            return result(task, p.h(), Status.OK, noOp.reason(), List.of(), new ArrayList<>(), new LinkedHashMap<>(p.plan().data())).withFiles(p.noOpFiles());
        }
        if (p.expected() == null) return null;
        List<FileRecord> files = new ArrayList<>();
        for (FileRecord f : p.expected()) {
            dev.bollard.journal.PathState after = f.after();
            if (!changedLater.contains(f.path()) && after != null && !after.absent() && (after.owner() == null || after.group() == null)) {
                // the host's read after the batch tells the owner of what the steps made: the user they ran as
                if (owner == null || group == null) return null;
                after = new dev.bollard.journal.PathState(after.state(), after.mode(), after.owner() == null ? owner : after.owner(),
                        after.group() == null ? group : after.group(), after.size(), after.sha256(), after.linkTarget(), after.content(), after.notKept());
            }
            files.add(new FileRecord(f.path(), f.change(), f.before(), after));
        }
        Plan.Change change = (Plan.Change) p.plan();
        List<String> steps = new ArrayList<>();
        for (Step s : change.steps()) steps.add(s.describe());
        return result(task, p.h(), Status.CHANGED, change.summary(), change.diffs(), steps, new LinkedHashMap<>(p.plan().data()))
                .withFiles(files);
    }

    /** Applies a plan (in a batch: replays its steps against what the host answered), then judges the result. */
    <A> TaskResult finish(Planned<A> p) throws ConnectionException, ModuleFailure, ExpressionException {
        Module<A> module = p.module();
        A parsed = p.parsed();
        Plan plan = p.plan();
        Task task = p.task();
        TaskContext ctx = p.ctx();
        HostRun h = p.h();
        Map<String, Object> vars = p.vars();
        List<String> compared = p.compared();
        Map<String, Object> data = new LinkedHashMap<>(plan.data());
        List<Diff> diffs = List.of();
        List<String> steps = new ArrayList<>();
        List<FileRecord> files = List.of();
        Status status;
        String msg;
        boolean runForReal = opts.mode() == Mode.APPLY || declaredReadOnly(task);
        if (plan instanceof Plan.NoOp noOp) {
            status = Status.OK;
            msg = noOp.reason();
            files = p.noOpFiles() != null ? p.noOpFiles() : Wanted.asTheyAre(compared, ctx.state());
            if (opts.mode() == Mode.VERIFY && overridesVerify(module)) {
                Verdict v = module.verify(parsed, ctx);
                if (!v.holds()) return result(task, h, Status.FAILED, NOT_HOLDING + v.detail(), diffs, steps, data).withFiles(files);
                msg = v.detail();
            }
        } else {
            Plan.Change change = (Plan.Change) plan;
            diffs = change.diffs();
            msg = change.summary();
            for (Step s : change.steps()) steps.add(s.describe());
            if (opts.mode() == Mode.VERIFY && !runForReal) {
                if (!module.hasPostcondition(parsed)) {
                    status = task.verify().isEmpty() ? Status.SKIPPED : Status.OK;
                    msg = task.verify().isEmpty() ? NOTHING_TO_CHECK + module.name() + " has no postcondition (add verify: probes)" : "checked by its verify probes";
                } else {
                    return result(task, h, Status.FAILED, DRIFT + msg, diffs, steps, data).withFiles(Wanted.asPlanned(change.steps(), ctx.state()));
                }
            } else if (!runForReal) {
                for (Step s : change.steps()) s.predict(ctx.state());
                status = Status.CHANGED;
            } else {
                // the paths the steps change, as the plan read them: the run journal keeps them
                FileCapture capture = p.capture() != null ? p.capture() : FileCapture.before(change.steps(), ctx.state());
                int ran = 0;
                try {
                    for (Step s : change.steps()) {
                        data.putAll(s.apply(ctx));
                        ran++;
                    }
                } catch (ModuleFailure e) {
                    int changedPaths = FileCapture.pathSteps(change.steps(), ran);
                    if (changedPaths == 0) throw e;
                    // an earlier step changed a file before this one failed: the journal still says so
                    ctx.forget();
                    return result(task, h, Status.FAILED, e.getMessage(), diffs, steps, data).withFiles(capture.after(ctx.state(), changedPaths));
                } finally {
                    // a step may have changed any file (a command, a package install), even one that
                    // failed half-way: read afresh from now on (a batch read afresh already, and what
                    // the postcondition runs goes to the host, not to the batch's answers)
                    if (p.recorded() == null) ctx.forget();
                    else ctx.state().endReplay();
                }
                status = Status.CHANGED;
                if (!Boolean.TRUE.equals(data.get("failed")) && module.hasPostcondition(parsed)) {
                    Verdict v = module.verify(parsed, ctx);
                    if (!v.holds()) {
                        return result(task, h, Status.FAILED, "postcondition does not hold after the change: " + v.detail(), diffs, steps, data)
                                .withFiles(capture.after(ctx.state(), ran));
                    }
                }
                files = capture.isEmpty() ? List.of() : capture.after(ctx.state(), ran);
            }
        }
        boolean failed = Boolean.TRUE.equals(data.get("failed"));
        // a task check mode only predicted has no result to judge: changed_when and failed_when
        // wait for the real run (Ansible skips them too)
        if ((task.failedWhen() != null || task.changedWhen() != null) && (runForReal || plan instanceof Plan.NoOp)) {
            Map<String, Object> withResult = new LinkedHashMap<>(vars);
            Map<String, Object> result = new LinkedHashMap<>(data);
            result.put("changed", status == Status.CHANGED);
            withResult.put("result", result);
            if (task.register() != null) withResult.put(task.register(), result);
            if (task.failedWhen() != null) failed = ex.test(task.failedWhen(), withResult);
            if (task.changedWhen() != null && status != Status.SKIPPED) {
                status = ex.test(task.changedWhen(), withResult) ? Status.CHANGED : Status.OK;
            }
        }
        if (failed) {
            Object why = data.get("msg");
            return result(task, h, Status.FAILED, why != null ? String.valueOf(why) : "failed: " + msg, diffs, steps, data).withFiles(files);
        }
        if (opts.mode() != Mode.CHECK) {
            for (String probe : task.verify()) {
                TaskRunner.ProbeFailure problem = TaskRunner.probe(ctx, ex.render(probe, vars));
                if (problem != null) {
                    data.put(TaskRunner.ProbeFailure.KEY, problem.output());
                    return result(task, h, Status.FAILED, problem.message(), diffs, steps, data).withFiles(files);
                }
            }
        }
        return result(task, h, status, msg, diffs, steps, data).withFiles(files);
    }

    /** {@code check_mode: false} or {@code changed_when: false} say the task only reads: check mode may run it. */
    private static boolean declaredReadOnly(Task task) {
        return Boolean.FALSE.equals(task.checkMode()) || Boolean.FALSE.equals(task.changedWhen())
                || "false".equals(task.changedWhen());
    }

    private static boolean overridesVerify(Module<?> module) {
        try {
            return module.getClass().getMethod("verify", Object.class, TaskContext.class).getDeclaringClass() != Module.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static TaskResult result(Task task, HostRun h, Status status, String msg, List<Diff> diffs, List<String> steps,
                                     Map<String, Object> data) {
        TaskResult r = new TaskResult(h.name(), task.displayName(), task.location().toString(), status, msg, diffs, steps,
                data, false, null, List.of());
        return status == Status.FAILED && task.ignoresErrors() ? r.ignoring() : r;
    }
}
