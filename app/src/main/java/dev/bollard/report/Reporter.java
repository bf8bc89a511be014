package dev.bollard.report;

import dev.bollard.engine.TaskResult;
import java.util.List;
import java.util.Map;

/** Receives the run's events; the engine never prints. */
public interface Reporter {

    void playStart(String play, List<String> hosts);

    /** {@code kind} is TASK or HANDLER. */
    void taskStart(String kind, String task, String location);

    void result(TaskResult result);

    /** Hosts in inventory order. */
    void recap(Map<String, HostTally> tallies);

    /**
     * In verify only, before the controls: per host (inventory order), the tasks that held at the
     * last verify or converged apply of the playbook there and do not now; empty lists when none.
     */
    default void drift(Map<String, List<Drift>> byHost) {
    }

    /** In verify only, just before the recap: whether each control the tasks name holds, host by host. */
    default void controls(ControlsReport report) {
    }

    /** Whether {@link #command} wants to hear of every command sent ({@code -vvv}). */
    default boolean tracesCommands() {
        return false;
    }

    /** A command sent to a host, with its exit code ({@code -1}: no answer) and round-trip time. */
    default void command(String host, String script, int rc, long nanos) {
    }

    /** How an SSH connection to a host was negotiated, line by line ({@code -vvvv}). */
    default void connectionDetail(String host, String line) {
    }

    /** A value to hide from everything printed from now on: a module argument declared secret. */
    default void secret(String value) {
    }

    /** Something the user should know that does not change the run's outcome. */
    default void warning(String message) {
        error(message);
    }

    /** A problem found before any host was touched, or one that ends the run. */
    void error(String message);
}
