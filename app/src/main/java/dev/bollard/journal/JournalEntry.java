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
 * @param baseline set on an entry a later verify of the same playbook compares with (a verify, or an
 *                 apply that converged: no task failed): the key of its playbook ({@link #baselineKey}); null otherwise
 */
public record JournalEntry(RunId id, Instant time, String kind, String playbook, String control, String version,
                           String host, String undoes, List<TaskRecord> tasks, String baseline) {
    public static final String APPLY = "apply";
    public static final String ROLLBACK = "rollback";
    public static final String VERIFY = "verify";

    public JournalEntry {
        tasks = List.copyOf(tasks);
    }

    public JournalEntry(RunId id, Instant time, String kind, String playbook, String control, String version,
                        String host, String undoes, List<TaskRecord> tasks) {
        this(id, time, kind, playbook, control, version, host, undoes, tasks, null);
    }

    /**
     * The key of a playbook in baseline entries: the start of the sha256 of its path, found on the
     * host by a fixed-string grep (a path in JSON may be escaped; the key never is).
     */
    public static String baselineKey(String playbook) {
        return PathState.sha256(playbook.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
    }

    public List<TaskRecord> changed() {
        return tasks.stream().filter(TaskRecord::changed).toList();
    }
}
