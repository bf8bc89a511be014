package dev.bollard.spi;

import java.util.List;
import java.util.Map;

/**
 * What a module found when it looked at a host: nothing to do (and why, stated as a fact), or
 * the change it would make, with before/after diffs and the steps that make it so.
 * {@code data} is what a task may {@code register} (a stat's result, a command's output).
 */
public sealed interface Plan permits Plan.NoOp, Plan.Change {

    Map<String, Object> data();

    record NoOp(String reason, Map<String, Object> data) implements Plan {
        public NoOp {
            data = Map.copyOf(data);
        }

        public NoOp(String reason) {
            this(reason, Map.of());
        }
    }

    record Change(String summary, List<Diff> diffs, List<Step> steps, Map<String, Object> data) implements Plan {
        public Change {
            diffs = List.copyOf(diffs);
            steps = List.copyOf(steps);
            data = Map.copyOf(data);
        }

        public Change(String summary, List<Diff> diffs, List<Step> steps) {
            this(summary, diffs, steps, Map.of());
        }

        public Change(String summary, Step step) {
            this(summary, List.of(), List.of(step), Map.of());
        }
    }

    static NoOp noOp(String reason) {
        return new NoOp(reason);
    }
}
