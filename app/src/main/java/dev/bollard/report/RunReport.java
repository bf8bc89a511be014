package dev.bollard.report;

import dev.bollard.engine.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run as the report files show it, every text already masked: its hosts, and rows in
 * groups, each row a control (verify) or a task, with a cell per host of the play.
 *
 * @param playbook the playbook as given on the command line
 * @param diffs    whether the run showed diffs (--diff): only then do the files carry them
 */
public record RunReport(String playbook, Mode mode, Instant generated, boolean diffs, List<HostSummary> hosts, List<Group> groups) {

    /** One host: its recap line, and how many of its cells have each mark. */
    public record HostSummary(String name, HostTally tally, Map<Mark, Integer> marks) {
        /** What a person wants first: a failure, else unreachable, else fine. */
        public boolean bad() {
            return tally.failed() > 0 || tally.unreachable() > 0 || marks.keySet().stream().anyMatch(Mark::bad);
        }
    }

    /** Rows under one title: the controls of a scheme ("CIS Docker Benchmark v1.6.0"), or the tasks of a play. */
    public record Group(String title, List<Row> rows) {
    }

    /**
     * A control (its name in {@code id}, {@code control} true) or a task ({@code id} its name).
     * {@code tasks}: the tasks naming the control, or the task itself; {@code controls}: the
     * control, or those the task names (as in apply, where rows are tasks); {@code checks}: the
     * tasks' {@code verify:} probes as written; {@code cells}: by host, in the hosts' order.
     */
    public record Row(String id, boolean control, String location, List<String> tasks, List<String> controls, List<String> checks,
                      Map<String, Cell> cells) {
        /** How a test or a heading names it: the control and the tasks naming it, or the task. */
        public String title() {
            return control ? id + ": " + String.join(", ", tasks) : id;
        }

        /** Everything one cell shows, as plain text: why, the row's checks, then each result behind it. */
        public String text(Cell cell) {
            StringBuilder s = new StringBuilder(cell.mark().word);
            if (cell.detail() != null && !cell.detail().isBlank()) s.append(": ").append(cell.detail());
            s.append('\n');
            if (!checks.isEmpty()) {
                s.append("checks (verify:):\n");
                for (String c : checks) s.append("  $ ").append(c).append('\n');
            }
            for (Evidence e : cell.evidence()) s.append('\n').append(e.text()).append('\n');
            return s.toString().stripTrailing();
        }
    }

    /** A row's status on one host, the line that explains it, what showed it, and how long its tasks took there. */
    public record Cell(Mark mark, String detail, List<Evidence> evidence, double seconds) {
    }

    /**
     * One result behind a cell: the task (and loop item), the result as the terminal words it,
     * its message, the commands' output, the diff (with --diff) and the steps taken (or planned).
     */
    public record Evidence(String task, String item, String status, String message, String output, String diff, List<String> steps) {
        /** Which result this is: the task, and the loop item when there is one. */
        public String title() {
            return item == null ? task : task + " (item=" + item + ")";
        }

        /** As plain text: the result's line, the steps, the output and the diff, each on lines of its own. */
        public String text() {
            StringBuilder s = new StringBuilder(title()).append('\n').append(status);
            if (message != null && !message.isBlank()) s.append(": ").append(message);
            s.append('\n');
            for (String step : steps) s.append("  step: ").append(step).append('\n');
            if (output != null) s.append(output).append('\n');
            if (diff != null) s.append(diff);
            return s.toString().stripTrailing();
        }
    }

    /** Every row, group after group. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (Group g : groups) out.addAll(g.rows());
        return out;
    }

    /** Whether any row is a control: else the rows are tasks. */
    public boolean hasControls() {
        return rows().stream().anyMatch(Row::control);
    }

    /** How many cells of all hosts have each mark, in the order of {@link Mark}. */
    public Map<Mark, Integer> marks() {
        Map<Mark, Integer> out = new EnumMap<>(Mark.class);
        for (HostSummary h : hosts) h.marks().forEach((m, n) -> out.merge(m, n, Integer::sum));
        return out;
    }

    /** Whether the run was bollard verify: the rows are controls (then tasks naming none), the cells their status. */
    public boolean verify() {
        return mode == Mode.VERIFY;
    }

    /** Whether the run was --check: a change is one that would be made. */
    public boolean check() {
        return mode == Mode.CHECK;
    }

    /** "verify", "apply" or "check". */
    public String modeWord() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
