package dev.bollard.report;

import dev.bollard.engine.TaskResult;
import java.util.List;
import java.util.Map;

/** Hands every event to the terminal's reporter, then to a listener such as {@link ReportCollector}. */
public final class TeeReporter implements Reporter {
    private final Reporter shown;
    private final Reporter listener;

    public TeeReporter(Reporter shown, Reporter listener) {
        this.shown = shown;
        this.listener = listener;
    }

    @Override
    public void playStart(String play, List<String> hosts) {
        shown.playStart(play, hosts);
        listener.playStart(play, hosts);
    }

    @Override
    public void taskStart(String kind, String task, String location) {
        shown.taskStart(kind, task, location);
        listener.taskStart(kind, task, location);
    }

    @Override
    public void result(TaskResult result) {
        shown.result(result);
        listener.result(result);
    }

    @Override
    public void recap(Map<String, HostTally> tallies) {
        shown.recap(tallies);
        listener.recap(tallies);
    }

    @Override
    public void drift(java.util.Map<String, java.util.List<Drift>> byHost) {
        shown.drift(byHost);
        listener.drift(byHost);
    }

    @Override
    public void controls(ControlsReport report) {
        shown.controls(report);
        listener.controls(report);
    }

    @Override
    public void connectionDetail(String host, String line) {
        shown.connectionDetail(host, line);
    }

    @Override
    public boolean tracesCommands() {
        return shown.tracesCommands();
    }

    @Override
    public void command(String host, String script, int rc, long nanos) {
        shown.command(host, script, rc, nanos);
    }

    @Override
    public void secret(String value) {
        shown.secret(value);
        listener.secret(value);
    }

    @Override
    public void error(String message) {
        shown.error(message);
        listener.error(message);
    }
}
