package dev.bollard.journal;

import java.util.List;

/**
 * One task (or loop item) of a run on one host: how it ended, and for a change its summary, the
 * steps it ran and the paths it changed. A {@code no_log} task keeps only its name, module and
 * status ({@code hidden}).
 *
 * @param status      ok, changed, failed, skipped or unreachable
 * @param delegatedTo the host {@code delegate_to} ran it on, or null
 */
public record TaskRecord(String task, String item, String module, String status, boolean ignored, String summary,
                         List<String> commands, List<FileRecord> files, String delegatedTo, boolean hidden) {
    public static final String HIDDEN = "hidden (no_log)";

    public TaskRecord {
        commands = commands == null ? List.of() : List.copyOf(commands);
        files = files == null ? List.of() : List.copyOf(files);
    }

    public boolean changed() {
        return "changed".equals(status);
    }

    /** "task name" or "task name (item)". */
    public String title() {
        return item == null ? task : task + " (" + item + ")";
    }
}
