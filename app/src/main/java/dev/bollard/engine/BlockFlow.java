package dev.bollard.engine;

import dev.bollard.playbook.Block;
import dev.bollard.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * block / rescue / always over a play's tasks laid out in a row. A host whose task fails in a
 * block's body skips the rest of the body, runs the rescue tasks, then the always tasks; it stays
 * in the play when the rescue succeeds. A failure no block takes care of fails the host, as
 * any failure does; in an inner block it is handed to the block around it first.
 */
final class BlockFlow {
    /** A host's standing in one block. */
    enum State { FAILED, RESCUE_FAILED }

    private BlockFlow() {
    }

    /** Whether the task runs on the host, given where the host stands in the task's blocks. */
    static boolean eligible(Task task, HostRun h) {
        if (!h.active()) return false;
        if (task.scope() == null) return true;
        for (Block.Scope s : task.scope().chain()) {
            State st = h.blocks.get(s.block());
            switch (s.part()) {
                case BODY -> {
                    if (st != null) return false;
                }
                case RESCUE -> {
                    if (st != State.FAILED) return false;
                }
                case ALWAYS -> {
                    // runs whatever happened in the block
                }
            }
        }
        return true;
    }

    /**
     * Takes a failed result inside a block: the host's failure becomes the block's (to be rescued)
     * instead of ending its play. Returns false when no block takes it.
     */
    static boolean absorb(Task task, HostRun h, TaskResult r) {
        if (!r.failed() || r.ignored() || r.status() == Status.UNREACHABLE || task.scope() == null) return false;
        Map<String, Object> failedTask = new LinkedHashMap<>();
        failedTask.put("name", task.displayName());
        failedTask.put("action", task.module());
        Map<String, Object> failedResult = new LinkedHashMap<>(r.data());
        failedResult.put("failed", true);
        failedResult.put("msg", r.msg() == null ? "" : r.msg());
        h.facts.put("ansible_failed_task", failedTask);
        h.facts.put("ansible_failed_result", failedResult);
        return take(task.scope(), h);
    }

    private static boolean take(Block.Scope from, HostRun h) {
        for (Block.Scope s = from; s != null; s = s.outer()) {
            Block b = s.block();
            if (s.part() == Block.Part.BODY && (b.hasRescue() || b.hasAlways())) {
                h.blocks.put(b, State.FAILED);
                return true;
            }
            if (s.part() == Block.Part.RESCUE) {
                h.blocks.put(b, State.RESCUE_FAILED);
                return true;
            }
        }
        return false;
    }

    /** The blocks the run leaves between two tasks, innermost first. */
    static List<Block.Scope> left(Task previous, Task next) {
        List<Block.Scope> out = new ArrayList<>();
        if (previous == null || previous.scope() == null) return out;
        List<Block> staying = new ArrayList<>();
        if (next != null && next.scope() != null) {
            for (Block.Scope s : next.scope().chain()) staying.add(s.block());
        }
        for (Block.Scope s = previous.scope(); s != null; s = s.outer()) {
            if (!staying.contains(s.block())) out.add(s);
        }
        return out;
    }

    /**
     * The run leaves a block: a host rescued stays; one whose failure was not rescued hands it to
     * the block around, or fails.
     */
    static void leave(Block.Scope scope, List<HostRun> hosts) {
        Block b = scope.block();
        for (HostRun h : hosts) {
            State st = h.blocks.remove(b);
            if (st == null) continue;
            boolean rescued = st == State.FAILED && b.hasRescue();
            if (rescued) {
                h.rescued++;
                continue;
            }
            if (!take(scope.outer(), h)) {
                h.failures++;
                h.failed = true;
            }
        }
    }
}
