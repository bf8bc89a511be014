package dev.bollard.journal;

import java.time.Instant;
import java.util.List;

/**
 * What one run did on one host, as its journal file keeps it.
 *
 * @param kind     {@code apply} or {@code rollback}
 * @param playbook the playbook's absolute path ({@code null} for a rollback)
 * @param control  who ran it: {@code user@machine} of the control machine
 * @param undoes   for a rollback, the run it undid
 */
public record JournalEntry(RunId id, Instant time, String kind, String playbook, String control, String version,
                           String host, String undoes, List<TaskRecord> tasks) {
    public static final String APPLY = "apply";
    public static final String ROLLBACK = "rollback";

    public JournalEntry {
        tasks = List.copyOf(tasks);
    }

    public List<TaskRecord> changed() {
        return tasks.stream().filter(TaskRecord::changed).toList();
    }
}
