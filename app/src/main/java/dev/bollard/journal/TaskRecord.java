package dev.bollard.journal;

import java.util.List;
import java.util.Map;

/**
 * One task (or loop item) of a run on one host: how it ended, and for a change its summary, the
 * steps it ran and the paths it changed. A {@code no_log} task keeps only its name, module and
 * status ({@code hidden}).
 *
 * @param status      ok, changed, failed, skipped or unreachable
 * @param delegatedTo the host {@code delegate_to} ran it on, or null
 * @param location    where the task is written ({@code site.yml:12}), telling apart tasks of the same name
 * @param wants       the sha256 the playbook wants of each file the task compared or wrote, by path (verify's drift reads it)
 */
public record TaskRecord(String task, String item, String module, String status, boolean ignored, String summary,
                         List<String> commands, List<FileRecord> files, String delegatedTo, boolean hidden, String location,
                         Map<String, String> wants) {
    public static final String HIDDEN = "hidden (no_log)";

    public TaskRecord {
        commands = commands == null ? List.of() : List.copyOf(commands);
        files = files == null ? List.of() : List.copyOf(files);
        wants = wants == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(wants));
    }

    public TaskRecord(String task, String item, String module, String status, boolean ignored, String summary,
                      List<String> commands, List<FileRecord> files, String delegatedTo, boolean hidden, String location) {
        this(task, item, module, status, ignored, summary, commands, files, delegatedTo, hidden, location, Map.of());
    }

    /** A record whose place in the playbook is not known (a rollback's own). */
    public TaskRecord(String task, String item, String module, String status, boolean ignored, String summary,
                      List<String> commands, List<FileRecord> files, String delegatedTo, boolean hidden) {
        this(task, item, module, status, ignored, summary, commands, files, delegatedTo, hidden, null);
    }

    public boolean changed() {
        return "changed".equals(status);
    }

    /** Whether the task's postcondition held at the end of that run: it was ok, or changed and checked. */
    public boolean held() {
        return !hidden && ("ok".equals(status) || "changed".equals(status));
    }

    /** What tells the task (or loop item) apart in two runs of the same playbook: where it is written, and its item. */
    public String key() {
        return (location == null ? task : location) + "\u0000" + (item == null ? "" : item);
    }

    /** "task name" or "task name (item)". */
    public String title() {
        return item == null ? task : task + " (" + item + ")";
    }
}
