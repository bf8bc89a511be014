package dev.bollard.report;

import dev.bollard.playbook.Control;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per host, whether each control the playbook's tasks name holds, judged from verify's results of
 * the tasks (and loop items) naming it: it fails when any of them failed; it is not checked when
 * one of them did not run there (unreachable host, task not selected...); it holds when at least
 * one was checked; it is not applicable when all were skipped. Each verdict says why.
 */
public final class ControlsReport {

    /** A control's status on one host; {@link #key} is how --json writes it. */
    public enum Verdict {
        HOLDS("holds", "holds"), FAILS("fails", "FAILS"), DRIFTED("drifted", "DRIFTED"), NOT_APPLICABLE("not_applicable", "not applicable"),
        NOT_CHECKED("not_checked", "not checked");

        public final String key;
        /** As the text report prints it: a failure in capitals, to stand out without colour. */
        public final String word;

        Verdict(String key, String word) {
            this.key = key;
            this.word = word;
        }
    }

    /** What one result showed about a control; DRIFTED: failed, where it held at the run verify compares with. */
    public enum Kind { HELD, FAILED, DRIFTED, SKIPPED, NOT_RUN }

    /**
     * One result naming a control: a task's (item null) or a loop item's, or why the task did not
     * run there. {@code text} is the result's message (why it was skipped, what did not hold...).
     */
    public record Finding(String task, String item, Kind kind, String text) {
    }

    /**
     * One control on one host: its status, the tasks naming it, and why. {@code about} lists the
     * tasks the detail speaks of when it says one thing of them all; it is empty when the detail
     * names each task before what it says of it.
     */
    public record Line(Control control, Verdict verdict, List<String> tasks, String detail, List<String> about) {
        /** The detail on its own: naming the tasks it speaks of when they are not all the tasks naming the control. */
        public String detailNamingTasks() {
            return about.isEmpty() || about.equals(tasks) ? detail : String.join(", ", about) + ": " + detail;
        }
    }

    private final Map<String, List<Line>> hosts;

    private ControlsReport(Map<String, List<Line>> hosts) {
        this.hosts = hosts;
    }

    /** Host by host (inventory order), the controls in order (scheme, then id number by number). */
    public Map<String, List<Line>> hosts() {
        return hosts;
    }

    /** Whether no task of the run names a control: then there is no report to show. */
    public boolean isEmpty() {
        return hosts.values().stream().allMatch(List::isEmpty);
    }

    /** Collects findings as results come in, from any thread. */
    public static final class Builder {
        private final Map<String, Map<Control, List<Finding>>> findings = new LinkedHashMap<>();

        /** Makes the host known, so hosts come out in the order they are first named. */
        public synchronized Builder host(String host) {
            findings.computeIfAbsent(host, k -> new TreeMap<>());
            return this;
        }

        public synchronized Builder add(String host, Control control, Finding finding) {
            findings.computeIfAbsent(host, k -> new TreeMap<>()).computeIfAbsent(control, k -> new ArrayList<>()).add(finding);
            return this;
        }

        public synchronized ControlsReport build() {
            Map<String, List<Line>> out = new LinkedHashMap<>();
            findings.forEach((host, byControl) -> {
                List<Line> lines = new ArrayList<>();
                byControl.forEach((control, fs) -> lines.add(line(control, fs)));
                out.put(host, List.copyOf(lines));
            });
            return new ControlsReport(Collections.unmodifiableMap(out));
        }
    }

    static Line line(Control control, List<Finding> findings) {
        Verdict v = verdict(findings);
        List<String> tasks = List.copyOf(new LinkedHashSet<>(findings.stream().map(Finding::task).toList()));
        // what explains the verdict: a failure is not blurred by the checks that held beside it
        Set<Kind> shown = switch (v) {
            case FAILS -> EnumSet.of(Kind.FAILED, Kind.DRIFTED, Kind.NOT_RUN);
            case DRIFTED -> EnumSet.of(Kind.DRIFTED, Kind.NOT_RUN);
            case NOT_CHECKED -> EnumSet.of(Kind.NOT_RUN);
            case HOLDS -> EnumSet.of(Kind.HELD, Kind.SKIPPED);
            case NOT_APPLICABLE -> EnumSet.of(Kind.SKIPPED);
        };
        Map<String, List<Finding>> byTask = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (shown.contains(f.kind())) byTask.computeIfAbsent(f.task(), k -> new ArrayList<>()).add(f);
        }
        Map<String, List<String>> byText = new LinkedHashMap<>();
        byTask.forEach((task, fs) -> byText.computeIfAbsent(String.join("; ", taskParts(v, fs)), k -> new ArrayList<>()).add(task));
        if (byText.size() == 1) {
            Map.Entry<String, List<String>> only = byText.entrySet().iterator().next();
            return new Line(control, v, tasks, only.getKey(), List.copyOf(only.getValue()));
        }
        List<String> parts = new ArrayList<>();
        byText.forEach((text, named) -> parts.add(String.join(", ", named) + ": " + text));
        return new Line(control, v, tasks, String.join("; ", parts), List.of());
    }

    /**
     * Failure wins (a control that failed already at the run compared with did not drift); then
     * drift (it held then, not now); then a task that did not run (so the control is not known to
     * hold); then any check that held.
     */
    static Verdict verdict(List<Finding> findings) {
        if (has(findings, Kind.FAILED)) return Verdict.FAILS;
        if (has(findings, Kind.DRIFTED)) return Verdict.DRIFTED;
        if (has(findings, Kind.NOT_RUN)) return Verdict.NOT_CHECKED;
        if (has(findings, Kind.HELD)) return Verdict.HOLDS;
        return Verdict.NOT_APPLICABLE;
    }

    private static boolean has(List<Finding> findings, Kind kind) {
        return findings.stream().anyMatch(f -> f.kind() == kind);
    }

    /**
     * What one task's findings say: what did not hold, what did not run, the items that held, and
     * those that were not applicable with the reason, items with the same reason together. A part
     * says what it is unless the verdict already does.
     */
    private static List<String> taskParts(Verdict v, List<Finding> fs) {
        List<String> out = new ArrayList<>();
        for (Kind kind : List.of(Kind.FAILED, Kind.DRIFTED, Kind.NOT_RUN)) {
            for (Finding f : fs) {
                if (f.kind() != kind) continue;
                String prefix = kind == Kind.NOT_RUN && v != Verdict.NOT_CHECKED ? "not checked: " : "";
                out.add(prefix + (f.item() == null ? f.text() : f.item() + ": " + f.text()));
            }
        }
        List<String> heldItems = new ArrayList<>();
        for (Finding f : fs) {
            if (f.kind() != Kind.HELD) continue;
            if (f.item() != null) heldItems.add(f.item());
            else out.add(f.text());
        }
        if (!heldItems.isEmpty()) out.add("holds for " + String.join(", ", heldItems));
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        for (Finding f : fs) {
            if (f.kind() != Kind.SKIPPED) continue;
            if (f.item() == null) out.add(v == Verdict.NOT_APPLICABLE ? f.text() : "not applicable: " + f.text());
            else skipped.computeIfAbsent(f.text(), k -> new ArrayList<>()).add(f.item());
        }
        skipped.forEach((why, items) -> out.add(v == Verdict.NOT_APPLICABLE ? String.join(", ", items) + ": " + why
                : "not applicable: " + String.join(", ", items) + " (" + why + ")"));
        return out;
    }
}
