package dev.bollard.engine;

import dev.bollard.journal.FileRecord;
import dev.bollard.playbook.Control;
import dev.bollard.spi.Diff;
import java.util.List;
import java.util.Map;

/**
 * One task's outcome on one host (or one loop item of it).
 *
 * @param msg      the fact behind OK, the summary of a change, or the one-line reason of a failure
 * @param steps    what was (or, in check mode, would be) done
 * @param ignored  the task failed but had {@code ignore_errors}
 * @param item     the loop item's label, or null
 * @param delegatedTo the host {@code delegate_to} ran the task on, or null when it ran on {@code host}
 * @param controls the controls a loop item names with its {@code control} key (read by verify's report only);
 *                 a task's own, named by its tags, are not repeated here
 * @param files    the paths an applied change changed, before and after, for the run journal
 */
public record TaskResult(String host, String task, String location, Status status, String msg, List<Diff> diffs,
                         List<String> steps, Map<String, Object> data, boolean ignored, String item,
                         List<TaskResult> items, String delegatedTo, List<Control> controls, List<FileRecord> files) {

    public TaskResult {
        controls = controls == null ? List.of() : controls;
        files = files == null ? List.of() : files;
    }

    public TaskResult(String host, String task, String location, Status status, String msg, List<Diff> diffs,
                      List<String> steps, Map<String, Object> data, boolean ignored, String item, List<TaskResult> items,
                      String delegatedTo) {
        this(host, task, location, status, msg, diffs, steps, data, ignored, item, items, delegatedTo, List.of(), List.of());
    }

    public TaskResult(String host, String task, String location, Status status, String msg, List<Diff> diffs,
                      List<String> steps, Map<String, Object> data, boolean ignored, String item, List<TaskResult> items) {
        this(host, task, location, status, msg, diffs, steps, data, ignored, item, items, null);
    }

    public static TaskResult of(String host, String task, String location, Status status, String msg) {
        return new TaskResult(host, task, location, status, msg, List.of(), List.of(), Map.of(), false, null, List.of());
    }

    public boolean changed() {
        return status == Status.CHANGED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public TaskResult withStatus(Status s, String newMsg) {
        return new TaskResult(host, task, location, s, newMsg, diffs, steps, data, ignored, item, items, delegatedTo, controls, files);
    }

    public TaskResult ignoring() {
        return new TaskResult(host, task, location, status, msg, diffs, steps, data, true, item, items, delegatedTo, controls, files);
    }

    /** The same result under the task's name as rendered for its host. */
    public TaskResult named(String name) {
        return new TaskResult(host, name, location, status, msg, diffs, steps, data, ignored, item, items, delegatedTo, controls, files);
    }

    /** The same result, run on {@code other} by {@code delegate_to}. */
    public TaskResult delegatedTo(String other) {
        return new TaskResult(host, task, location, status, msg, diffs, steps, data, ignored, item, items, other, controls, files);
    }

    public TaskResult withItem(String label) {
        return new TaskResult(host, task, location, status, msg, diffs, steps, data, ignored, label, items, delegatedTo, controls, files);
    }

    /** The same loop item's result, naming the controls of its {@code control} key. */
    public TaskResult withControls(List<Control> named) {
        return new TaskResult(host, task, location, status, msg, diffs, steps, data, ignored, item, items, delegatedTo, List.copyOf(named), files);
    }

    /** The same result with the paths its change changed. */
    public TaskResult withFiles(List<FileRecord> changed) {
        return new TaskResult(host, task, location, status, msg, diffs, steps, data, ignored, item, items, delegatedTo, controls, List.copyOf(changed));
    }
}
