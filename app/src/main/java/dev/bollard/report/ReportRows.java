package dev.bollard.report;

import dev.bollard.engine.Mode;
import dev.bollard.engine.TaskResult;
import dev.bollard.engine.VerifyFindings;
import dev.bollard.playbook.Control;
import dev.bollard.report.ControlsReport.Line;
import dev.bollard.report.RunReport.Cell;
import dev.bollard.report.RunReport.Evidence;
import dev.bollard.report.RunReport.Group;
import dev.bollard.report.RunReport.Row;
import dev.bollard.report.TaskLog.TaskRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rows of a report. In verify: a row per control (grouped by scheme, as the terminal shows
 * them, each cell with the controls report's verdict and the results of the tasks naming it), then
 * a row per task that names no control, grouped by play. In apply and check: a row per task.
 */
final class ReportRows {
    private final Mode mode;
    private final EvidenceOf evidence;
    private final Map<String, TaskNotes> notes;
    private final List<TaskRow> tasks;
    private final List<String> hosts;
    private final List<Group> groups = new ArrayList<>();
    /** In verify: per host, what drifted since the run compared with. */
    private final Map<String, List<Drift>> drift;

    ReportRows(Mode mode, EvidenceOf evidence, Map<String, TaskNotes> notes, List<TaskRow> tasks, ControlsReport controls,
               List<String> hosts) {
        this(mode, evidence, notes, tasks, controls, hosts, Map.of());
    }

    ReportRows(Mode mode, EvidenceOf evidence, Map<String, TaskNotes> notes, List<TaskRow> tasks, ControlsReport controls,
               List<String> hosts, Map<String, List<Drift>> drift) {
        this.drift = drift;
        this.mode = mode;
        this.evidence = evidence;
        this.notes = notes;
        this.tasks = tasks;
        this.hosts = hosts;
        Set<String> naming = new LinkedHashSet<>();
        if (mode == Mode.VERIFY && controls != null) controlGroups(controls, naming);
        taskGroups(naming);
    }

    List<Group> groups() {
        return List.copyOf(groups);
    }

    /** Each host of the recap, with how many of its cells have each mark. */
    List<RunReport.HostSummary> hosts(Map<String, HostTally> tallies) {
        List<RunReport.HostSummary> out = new ArrayList<>();
        tallies.forEach((host, tally) -> {
            Map<Mark, Integer> marks = new EnumMap<>(Mark.class);
            for (Group g : groups) {
                for (Row r : g.rows()) {
                    Cell c = r.cells().get(host);
                    if (c != null) marks.merge(c.mark(), 1, Integer::sum);
                }
            }
            out.add(new RunReport.HostSummary(host, tally, marks));
        });
        return out;
    }

    /** The controls by scheme; {@code naming} receives the names of the tasks naming any. */
    private void controlGroups(ControlsReport controls, Set<String> naming) {
        Map<Control, Map<String, Line>> byControl = new TreeMap<>();
        controls.hosts().forEach((host, lines) -> {
            for (Line l : lines) {
                byControl.computeIfAbsent(l.control(), k -> new LinkedHashMap<>()).put(host, l);
                naming.addAll(l.tasks());
            }
        });
        Map<String, List<Row>> byScheme = new TreeMap<>((a, b) -> {
            int c = Integer.compare(ControlsText.rank(a), ControlsText.rank(b));
            return c != 0 ? c : a.compareTo(b);
        });
        byControl.forEach((control, lines) -> byScheme.computeIfAbsent(control.scheme(), k -> new ArrayList<>()).add(controlRow(control, lines)));
        byScheme.forEach((scheme, rows) -> groups.add(new Group(ControlsText.title(scheme), rows)));
    }

    private Row controlRow(Control control, Map<String, Line> lines) {
        Set<String> names = new LinkedHashSet<>();
        lines.values().forEach(l -> names.addAll(l.tasks()));
        Set<String> probes = new LinkedHashSet<>();
        String location = null;
        for (TaskRow t : tasks) {
            if (t.results.values().stream().noneMatch(r -> names.contains(r.task()))) continue;
            if (location == null) location = t.location;
            probes.addAll(notes.getOrDefault(t.location, TaskNotes.NONE).checks());
        }
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (String host : hosts) {
            Line l = lines.get(host);
            if (l == null) continue;
            List<Evidence> shown = new ArrayList<>();
            double seconds = 0;
            for (TaskRow t : tasks) {
                TaskResult r = t.results.get(host);
                if (r == null || !l.tasks().contains(r.task())) continue;
                shown.addAll(evidence.of(r, control));
                seconds += t.seconds.getOrDefault(host, 0.0);
            }
            for (Drift d : drift.getOrDefault(host, List.of())) {
                if (l.tasks().contains(d.task())) shown.add(evidence.of(d));
            }
            cells.put(host, new Cell(Mark.of(l.verdict()), evidence.text(l.detailNamingTasks()), shown, seconds));
        }
        return new Row(control.name(), true, location, names.stream().map(evidence::text).toList(), List.of(control.name()), texts(probes), cells);
    }

    /** The tasks, by play; in verify only those naming no control (their results are in the controls' cells). */
    private void taskGroups(Set<String> naming) {
        String play = null;
        List<Row> rows = new ArrayList<>();
        for (TaskRow t : tasks) {
            if (mode == Mode.VERIFY && (naming.contains(t.title) || t.results.values().stream().anyMatch(r -> naming.contains(r.task())))) continue;
            if (play != null && !play.equals(t.play) && !rows.isEmpty()) {
                groups.add(new Group(groupTitle(play), rows));
                rows = new ArrayList<>();
            }
            play = t.play;
            rows.add(taskRow(t));
        }
        if (!rows.isEmpty()) groups.add(new Group(groupTitle(play), rows));
    }

    private String groupTitle(String play) {
        String name = evidence.text(play);
        return mode == Mode.VERIFY ? name + ": tasks naming no control" : name;
    }

    private Row taskRow(TaskRow t) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        List<String> shownHosts = new ArrayList<>(hosts);
        // a handler is of the hosts it was notified on; a task is of every host of its play
        shownHosts.retainAll(t.handler() ? t.results.keySet() : t.hosts);
        for (String host : shownHosts) {
            TaskResult r = t.results.get(host);
            double seconds = t.seconds.getOrDefault(host, 0.0);
            if (r == null) {
                String why = t.stopped.getOrDefault(host, "the task did not run on this host");
                cells.put(host, new Cell(mode == Mode.VERIFY ? Mark.NOT_CHECKED : Mark.NOT_RUN, evidence.text(why), List.of(), 0));
            } else if (mode == Mode.VERIFY) {
                Line l = ControlsReport.line(null, VerifyFindings.of(r));
                List<Drift> drifted = drift.getOrDefault(host, List.of()).stream()
                        .filter(d -> d.task().equals(r.task()) && java.util.Objects.equals(d.location(), t.location)).toList();
                long failing = r.items().isEmpty() ? 1 : r.items().stream().filter(i -> i.failed() && !i.ignored()).count();
                // drifted when every failure of the task held at the run compared with
                Mark m = l.verdict() == ControlsReport.Verdict.FAILS && !drifted.isEmpty() && drifted.size() >= failing ? Mark.DRIFTED : Mark.of(l.verdict());
                List<Evidence> shown = new ArrayList<>(evidence.of(r, null));
                drifted.forEach(d -> shown.add(evidence.of(d)));
                cells.put(host, new Cell(m, evidence.text(m == Mark.DRIFTED ? "held at " + drifted.get(0).sinceKind() + " "
                        + drifted.get(0).since() + ", not now: " + l.detail() : l.detail()), shown, seconds));
            } else {
                String detail = TaskLog.firstLine(r.msg());
                cells.put(host, new Cell(mark(r), evidence.text(r.ignored() ? "failed, ignored (ignore_errors): " + detail : detail), evidence.of(r, null), seconds));
            }
        }
        TaskNotes n = notes.getOrDefault(t.location, TaskNotes.NONE);
        // and what loop items made during the run named
        Set<Control> named = new java.util.TreeSet<>();
        t.results.values().forEach(r -> r.items().forEach(i -> named.addAll(i.controls())));
        Set<String> controls = new LinkedHashSet<>(n.controls());
        named.forEach(c -> controls.add(c.name()));
        return new Row(evidence.text(t.title), false, t.location, List.of(evidence.text(t.title)), List.copyOf(controls), texts(n.checks()), cells);
    }

    private Mark mark(TaskResult r) {
        return switch (r.status()) {
            case OK -> Mark.OK;
            case CHANGED -> mode == Mode.CHECK ? Mark.WOULD_CHANGE : Mark.CHANGED;
            case FAILED -> r.ignored() ? Mark.OK : Mark.FAILED;
            case SKIPPED -> Mark.SKIPPED;
            case UNREACHABLE -> Mark.UNREACHABLE;
        };
    }

    private List<String> texts(Iterable<String> raw) {
        List<String> out = new ArrayList<>();
        for (String s : raw) out.add(evidence.text(s));
        return out;
    }
}
