package dev.bollard.engine;

import dev.bollard.playbook.Play;
import dev.bollard.playbook.Task;
import dev.bollard.spi.Become;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Probe;
import dev.bollard.spi.StepBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a run of consecutive tasks on one host in as few round trips as it can. The tasks are
 * planned one after the other on the state the earlier ones leave behind, as check mode plans
 * them; their steps go to the host as one script, followed by the reads that prove them and plan
 * the next tasks. A task planned after a step that may change more than it predicts (a command, a
 * package install, a new account) carries guards: if what its plan relied on changed, the script
 * stops before it and the task is planned again on the host as it is now. A failed step stops the
 * batch; the tasks after it are not run. Results are the same as one task at a time would give.
 */
final class BatchRun {
    /** Reads sent after a batch, at most: enough for the tasks that follow, bounded like a read-ahead. */
    private static final int MAX_TAIL = 200;

    private final TaskRunner tasks;
    private final PlayVars vars;
    private final Play play;
    /** Ctrl-C: no new batch starts, and the one under way stops before its next task. */
    private final java.util.function.BooleanSupplier stopping;

    /** The batch's tasks and those after them in the same list: what a read-ahead may read for. */
    private final List<Task> ahead;

    /** The run's journal, when these are the last tasks that run on the hosts (their last batch writes the entry); else null. */
    private final RunJournal journal;
    /** Whether a host runs nothing after these tasks in the run (no later play). */
    private final java.util.function.Predicate<HostRun> ends;
    private final java.util.Map<String, Object> extraVars;

    /**
     * {@code journal}: given when no task runs on the hosts after these (nor any handler, unless they
     * notify one): a batch that ends the list on a host then writes the host's journal entry as its last step.
     */
    BatchRun(TaskRunner tasks, PlayVars vars, Play play, List<Task> ahead, java.util.function.BooleanSupplier stopping, RunJournal journal,
             java.util.function.Predicate<HostRun> ends, java.util.Map<String, Object> extraVars) {
        this.ends = ends;
        this.tasks = tasks;
        this.vars = vars;
        this.play = play;
        this.ahead = ahead;
        this.stopping = stopping;
        this.journal = journal;
        this.extraVars = extraVars;
    }

    /** Each task's result on {@code h}, in order; null for a task that did not run there (the host stopped before it). */
    TaskResult[] run(List<Task> run, HostRun h) {
        TaskResult[] out = new TaskResult[run.size()];
        int next = 0;
        while (next < run.size() && !stopping.getAsBoolean()) {
            h.lastChanged = false;
            List<TaskRunner.PlannedTask> planned = new ArrayList<>();
            List<List<String>> guards = new ArrayList<>();
            boolean guarded = false;
            boolean stops = false;
            Object reach = null;
            HostState state = null;
            Become become = null;
            for (int k = next; k < run.size() && !stops; k++) {
                TaskRunner.PlannedTask p;
                try {
                    p = tasks.plan(run.get(k), ahead, h, vars, play);
                } catch (HostState.NotDeferrable e) {
                    break;
                }
                if (p.reach() != null && reach != null && !reach.equals(p.reach())) break;
                // the items of a loop of commands would be planned on what the item before may have changed
                if (p.looped() && p.unpredictable() && p.units().stream().filter(u -> u.commands() > 0).count() > 1) break;
                // planned on what earlier steps of the batch will leave (a unit file not yet loaded, a folder
                // a package brings): a failure may be one it would not meet afterwards, so it is planned
                // again once the batch has run, on the host as it then is
                if (p.failed() && planned.stream().anyMatch(q -> q.commands() > 0)) break;
                planned.add(p);
                guards.add(guarded ? BatchGuards.of(p) : List.of());
                if (p.reach() != null && reach == null) {
                    reach = p.reach();
                    state = p.state();
                    become = p.become();
                }
                stops = p.failed() && !p.task().ignoresErrors() || p.units().stream().anyMatch(u -> u.decided() != null
                        && u.decided().status() == Status.UNREACHABLE);
                guarded |= p.unpredictable();
            }
            if (planned.isEmpty()) {
                // the task cannot join a batch here: it runs on its own, as without batches
                if (h.state != null) h.states.values().forEach(HostState::clearPredictions);
                TaskResult r = tasks.run(run.get(next), h, vars, play);
                out[next] = r;
                if (r.status() == Status.UNREACHABLE || r.failed() && !r.ignored()) return out;
                next++;
                continue;
            }
            RunJournal.Ahead entry = null;
            try {
                if (!stops && next + planned.size() == run.size()) entry = entryAhead(run, next, planned, state, become, h, out);
            } catch (RuntimeException e) {
                // written ahead only to save a round trip: the end of the run writes the entry as always
            }
            int done;
            try {
                done = execute(planned, guards, run, next, state, become, reach, h, out, entry);
            } finally {
                for (HostState s : h.states.values()) s.endBatchAnswers();
            }
            if (done < 0) return out;
            next = done;
        }
        return out;
    }

    /**
     * The host's journal entry, to be written by this batch as its last step, when the batch ends the
     * host's run: it plans every task left, none fails, and nothing will run after it (no handler is
     * notified or pending). Built from what the tasks before the batch gave and what the batch's are
     * predicted to give; null when the host's entry is not to be written ahead.
     */
    private RunJournal.Ahead entryAhead(List<Task> run, int first, List<TaskRunner.PlannedTask> planned, HostState state, Become become,
                                        HostRun h, TaskResult[] out) {
        // the journal is written over the host's first connection, as root when a task became root there
        if (journal == null || !ends.test(h) || state == null || state != h.state || !java.util.Objects.equals(become, h.rootBecome)) return null;
        List<Task> done = new ArrayList<>();
        List<TaskResult> results = new ArrayList<>();
        for (int i = 0; i < first; i++) {
            if (out[i] == null) continue;
            done.add(run.get(i));
            results.add(out[i]);
        }
        java.util.Map<TaskRunner.Unit, java.util.Set<String>> later = changedLater(planned);
        String owner = become != null ? become.user() : null;
        for (java.util.Map.Entry<dev.bollard.inventory.ConnectionSettings, HostState> c : h.states.entrySet()) {
            if (owner == null && c.getValue() == state) owner = TaskConnection.loginUser(c.getKey());
        }
        // root's own group is root's; another user's is not known without asking
        String group = "root".equals(owner) ? "root" : null;
        for (TaskRunner.PlannedTask p : planned) {
            TaskResult r = tasks.predicted(p, h, vars, u -> later.getOrDefault(u, java.util.Set.of()), owner, group);
            if (r == null) return null;
            done.add(p.task());
            results.add(r);
        }
        if (!play.handlers().isEmpty()) {
            if (!h.notified.isEmpty()) return null;
            for (int i = 0; i < done.size(); i++) {
                if (results.get(i).changed() && !done.get(i).notifies().isEmpty()) return null;
            }
            h.pending.load(h.state);
            for (Task handler : play.handlers()) {
                if (!h.pending.pendingFor(handler.handlerNames()).isEmpty()) return null;
            }
        }
        return journal.ahead(h, done, results, extraVars);
    }

    /**
     * Sends the batch and finishes its tasks; returns the index of the next task to plan, or -1 when
     * the host stops here (a failure, or the host lost). {@code entry}, when given, is written last.
     */
    private int execute(List<TaskRunner.PlannedTask> planned, List<List<String>> guards, List<Task> run, int first, HostState state,
                        Become become, Object reach, HostRun h, TaskResult[] out, RunJournal.Ahead entry) {
        StepBatch batch = new StepBatch();
        List<Probe> tail = new ArrayList<>();
        for (int g = 0; g < planned.size(); g++) {
            batch.task(guards.get(g));
            for (TaskRunner.Unit u : planned.get(g).units()) {
                if (u.planned() != null && u.planned().recorded() != null) u.planned().recorded().forEach(c -> c.forEach(batch::step));
                tail.addAll(u.probes());
            }
        }
        // the entry goes last, in a group of its own: reached only when every task's steps succeeded
        int entryStep = -1;
        if (entry != null && !batch.isEmpty()) {
            entryStep = batch.steps();
            batch.task(List.of());
            batch.step(entry.step());
        }
        tail.addAll(tasks.probesAhead(ahead.subList(first + planned.size(), ahead.size()), h, vars, play, reach));
        List<ExecResult> answers = List.of();
        int stale = -1;
        ConnectionException lost = null;
        if (!batch.isEmpty()) {
            try {
                StepBatch.Outcome o = state.execBatch(batch, tail.size() > MAX_TAIL ? tail.subList(0, MAX_TAIL) : tail, become);
                answers = o.results();
                if (entryStep >= 0 && answers.size() > entryStep) {
                    if (answers.get(entryStep).ok()) h.journalAhead = entry.json();
                    answers = answers.subList(0, entryStep);
                }
                stale = o.staleGroup();
                lost = o.lost();
            } catch (ConnectionException | ModuleFailure e) {
                Task t = planned.get(0).task();
                out[first] = TaskResult.of(h.name(), t.displayName(), t.location().toString(),
                        e instanceof ConnectionException ? Status.UNREACHABLE : Status.FAILED, e.getMessage());
                return -1;
            }
        } else {
            for (HostState s : h.states.values()) s.clearPredictions();
        }
        java.util.Map<TaskRunner.Unit, java.util.Set<String>> changedLater = changedLater(planned);
        java.util.Iterator<ExecResult> given = answers.iterator();
        // a step that failed stopped the batch: the tasks after it were not reached, even those with nothing to send
        boolean stopped = !answers.isEmpty() && !answers.get(answers.size() - 1).ok();
        boolean failed = false;
        int pos = 0;
        for (int g = 0; g < planned.size(); g++) {
            if (lost != null && (g == stale || pos + planned.get(g).commands() > answers.size())) {
                // the connection broke in this task's steps (those before it had answered)
                Task t = planned.get(g).task();
                out[first + g] = TaskResult.of(h.name(), t.displayName(), t.location().toString(), Status.UNREACHABLE, lost.getMessage());
                return -1;
            }
            if (g == stale || stopped && pos >= answers.size()) return failed ? -1 : first + g;
            TaskResult r;
            try {
                r = tasks.finish(planned.get(g), given, h, vars, play, u -> changedLater.getOrDefault(u, java.util.Set.of()));
            } catch (HostState.Unanswered e) {
                if (g == 0 && !failed) {
                    // not even the first step's answer came back: planning it again would send the same batch again
                    Task t = planned.get(0).task();
                    out[first] = TaskResult.of(h.name(), t.displayName(), t.location().toString(), Status.FAILED,
                            "no answer came back for the steps sent to " + h.name() + " (an output of more than "
                                    + HostState.OUTPUT_KEPT / (1024 * 1024) + " MiB in all cuts it)");
                    return -1;
                }
                // the batch ended before this task's steps: it is planned again
                return failed ? -1 : first + g;
            }
            pos += planned.get(g).commands();
            out[first + g] = r;
            if (r.status() == Status.UNREACHABLE) return -1;
            // a postcondition that fails after its step ran does not stop the steps sent after it: they ran, and are reported
            failed |= r.failed() && !r.ignored();
        }
        return failed ? -1 : first + planned.size();
    }

    /**
     * For each unit, the paths it changes that a later unit of the batch changes again (all of them
     * when a later step may change anything: a command, a package).
     */
    private static java.util.Map<TaskRunner.Unit, java.util.Set<String>> changedLater(List<TaskRunner.PlannedTask> planned) {
        java.util.Map<TaskRunner.Unit, java.util.Set<String>> out = new java.util.IdentityHashMap<>();
        java.util.Set<String> later = new java.util.HashSet<>();
        boolean anythingLater = false;
        List<TaskRunner.Unit> all = new ArrayList<>();
        for (TaskRunner.PlannedTask p : planned) all.addAll(p.units());
        for (int i = all.size() - 1; i >= 0; i--) {
            TaskRunner.Unit u = all.get(i);
            if (u.planned() == null) continue;
            java.util.Set<String> mine = u.planned().leaves().keySet();
            java.util.Set<String> again = new java.util.HashSet<>(mine);
            if (!anythingLater) again.retainAll(later);
            if (!again.isEmpty()) out.put(u, again);
            for (dev.bollard.spi.Step st : u.planned().steps()) {
                if (st instanceof dev.bollard.spi.PathStep ps) later.add(ps.path());
                anythingLater |= !st.predictable();
            }
        }
        return out;
    }
}
