package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Task;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Become;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.ModuleRegistry;
import dev.bollard.spi.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Batches reads. When a task is about to read something its host has not answered yet, the
 * reads of that task and of the tasks after it in the play (those whose arguments can already
 * be worked out) go to the host in one round trip. On a converged host the whole play then
 * costs one round trip. A change drops the host's answers; the task after it reads only what it
 * needs, and the first task that finds nothing to do reads ahead again. Guesses that turn out
 * wrong (a {@code when} that changes its mind, a path that depends on a registered result)
 * cost a read, never a wrong answer: modules still read through the cache, and anything not
 * fetched is read when it is needed.
 */
final class ReadAhead {
    /** Bounds one batch, and the work of guessing what a long play will read. */
    private static final int MAX_PROBES = 200;
    private static final int MAX_TASKS_AHEAD = 100;

    private final ModuleRegistry registry;
    private final Expressions ex;

    ReadAhead(ModuleRegistry registry, Expressions ex) {
        this.registry = registry;
        this.ex = ex;
    }

    /** The reads a module would make with these (rendered) arguments; none when they do not parse. */
    static <A> List<Probe> probes(Module<A> module, Map<String, Object> args) {
        try {
            return module.probes(module.parse(Args.bind(module, args, false)));
        } catch (ArgsException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Called before a task reads: fetches its probes, and those of the tasks after it run with
     * the same connection and {@code become} ({@code reach}, as {@code reachOf} tells it), unless the host has
     * already answered all of its own.
     */
    void before(List<Probe> own, Become become, HostState state, Task task, HostRun h, PlayVars vars, Play play,
                Object reach, ReachOf reachOf) {
        before(own, become, state, task, play.tasks(), h, vars, play, reach, reachOf);
    }

    /** As above, looking ahead in {@code order} (the tasks of a batch, which may come from an included file). */
    void before(List<Probe> own, Become become, HostState state, Task task, List<Task> order, HostRun h, PlayVars vars, Play play,
                Object reach, ReachOf reachOf) {
        if (own.stream().allMatch(p -> state.asked(p, become))) return;
        List<Probe> batch = new ArrayList<>(own);
        int at = indexOf(order, task);
        // right after a change the next tasks are likely to change too (a fresh host), and every
        // change drops the answers: read only this task's own, until a task finds nothing to do
        if (at >= 0 && !h.lastChanged) {
            for (Task next : order.subList(at, Math.min(order.size(), at + MAX_TASKS_AHEAD))) {
                if (batch.size() >= MAX_PROBES) break;
                batch.addAll(guess(next, h, vars, play, reach, reachOf));
            }
        }
        try {
            state.prefetch(batch.size() > MAX_PROBES ? batch.subList(0, MAX_PROBES) : batch, become);
        } catch (ConnectionException | ModuleFailure e) {
            // only a hint: the task's own read meets the same problem and reports it
        }
    }

    /** The probes of the tasks {@code next} that reach the host as {@code reach} does, as far as they can be known now. */
    List<Probe> ahead(List<Task> next, HostRun h, PlayVars vars, Play play, Object reach, ReachOf reachOf) {
        List<Probe> out = new ArrayList<>();
        for (Task t : next.subList(0, Math.min(next.size(), MAX_TASKS_AHEAD))) {
            if (out.size() >= MAX_PROBES) break;
            out.addAll(guess(t, h, vars, play, reach, reachOf));
        }
        return out;
    }

    /** The probes of a task as far as they can be known now: every loop item, {@code when} honoured. */
    private List<Probe> guess(Task t, HostRun h, PlayVars playVars, Play play, Object reach, ReachOf reachOf) {
        if (Actions.NAMES.contains(t.module()) || t.delegateTo() != null) return List.of();
        Module<?> module = registry.find(t.module()).orElse(null);
        if (module == null) return List.of();
        try {
            Map<String, Object> vars = playVars.forTask(h, t, h.facts);
            if (!Objects.equals(reachOf.of(t, play, h, vars), reach)) return List.of();
            List<Map<String, Object>> each = new ArrayList<>();
            if (t.loop() == null) {
                each.add(vars);
            } else {
                List<Object> items = LoopItems.items(t.loop(), ex, vars, play.baseDir());
                for (int i = 0; i < items.size(); i++) each.add(LoopItems.itemVars(t.loop(), vars, items, i));
            }
            List<Probe> out = new ArrayList<>();
            for (Map<String, Object> v : each) {
                if (t.when() != null && !ex.test(t.when(), v)) continue;
                out.addAll(probes(module, TaskRunner.renderArgs(ex, t, v)));
            }
            return out;
        } catch (ExpressionException | RuntimeException e) {
            return List.of();
        }
    }

    private static int indexOf(List<Task> tasks, Task task) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) == task) return i;
        }
        return -1;
    }

    /** How the engine works out which connection a task uses and whom it becomes: equal for tasks that share them. */
    interface ReachOf {
        Object of(Task task, Play play, HostRun h, Map<String, Object> vars) throws ExpressionException;
    }
}
