package dev.bollard.report;

import dev.bollard.engine.Mode;
import dev.bollard.engine.Secrets;
import dev.bollard.engine.TaskResult;
import dev.bollard.playbook.Control;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Listens to a run beside the terminal's reporter and, at the recap, makes the {@link RunReport}
 * the report files are written from. It sees what the terminal sees: results of {@code no_log}
 * tasks arrive censored, and every text is masked with the run's secrets when the report is made,
 * once all of them are known.
 */
public final class ReportCollector implements Reporter {
    private final String playbook;
    private final Mode mode;
    private final boolean diffs;
    private final Secrets secrets;
    private final Map<String, TaskNotes> notes;
    private final TaskLog log = new TaskLog();
    private ControlsReport controls;
    private Map<String, List<Drift>> drift = Map.of();
    private RunReport report;

    /**
     * {@code book}: the playbook run, for what it says of its tasks (their verify: probes and the
     * controls they name); {@code itemControls}: what a task's loop items name, as known before the run.
     */
    public ReportCollector(String playbook, Mode mode, boolean diffs, Secrets secrets, Playbook book,
                           Function<Task, Set<Control>> itemControls) {
        this.playbook = playbook;
        this.mode = mode;
        this.diffs = diffs;
        this.secrets = secrets;
        this.notes = TaskNotes.of(book, itemControls);
    }

    /** The report, once the recap was made; null before. */
    public synchronized RunReport report() {
        return report;
    }

    @Override
    public void playStart(String play, List<String> hosts) {
        log.playStart(play, hosts);
    }

    @Override
    public void taskStart(String kind, String task, String location) {
        log.taskStart(kind, task, location);
    }

    @Override
    public void result(TaskResult result) {
        log.result(result);
    }

    @Override
    public synchronized void controls(ControlsReport report) {
        this.controls = report;
    }

    @Override
    public synchronized void drift(Map<String, List<Drift>> byHost) {
        this.drift = byHost;
    }

    @Override
    public synchronized void recap(Map<String, HostTally> tallies) {
        EvidenceOf evidence = new EvidenceOf(secrets, mode, diffs);
        ReportRows rows = new ReportRows(mode, evidence, notes, log.rows(), controls, List.copyOf(tallies.keySet()), drift);
        report = new RunReport(evidence.text(playbook), mode, Instant.now(), diffs, rows.hosts(tallies), rows.groups());
    }

    @Override
    public void secret(String value) {
        secrets.add(value);
    }

    @Override
    public void error(String message) {
        // the terminal's reporter prints it; a report file shows results, not the run's messages
    }
}
