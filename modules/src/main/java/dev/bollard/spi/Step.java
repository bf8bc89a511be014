package dev.bollard.spi;

import java.util.Map;

/**
 * One action of a planned change. {@code apply} does it for real; {@code predict} records in
 * check mode what it would leave behind, so that later plans in the same run see that state.
 */
public interface Step {

    /** What the step does, for output; never contains a secret. */
    String describe();

    /** Does the step; returns data to merge into the task's result (e.g. rc/stdout of a command). */
    Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException;

    /** Records the state this step would produce, without touching the host. */
    default void predict(HostState state) {
    }

    /**
     * Whether {@link #predict} tells everything the step changes, so that the tasks after it may be
     * planned on the prediction before it runs (an applying run sends their steps together). A
     * command, a package install or a new account may change anything: the tasks planned after such
     * a step carry guards, and are planned again when what they relied on changed.
     */
    default boolean predictable() {
        return false;
    }
}
