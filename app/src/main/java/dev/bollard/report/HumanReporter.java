package dev.bollard.report;

import dev.bollard.engine.Mode;
import dev.bollard.engine.Secrets;
import dev.bollard.engine.Status;
import dev.bollard.engine.TaskResult;
import dev.bollard.spi.Diff;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Output in the spirit of Ansible's: headers, one line per host, unified diffs, a recap. */
public final class HumanReporter implements Reporter {
    private static final int WIDTH = 80;
    private final PrintStream out;
    private final Mode mode;
    private final boolean diff;
    private Map<String, List<Drift>> drift = Map.of();
    private final boolean colour;
    private final Secrets secrets;
    private final int verbosity;
    private final StatusLine status;
    private final long started = System.nanoTime();
    private volatile String currentTask;
    private ControlsReport controls;
    private final java.util.concurrent.atomic.AtomicInteger results = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

    public HumanReporter(PrintStream out, Mode mode, boolean diff, boolean colour, Secrets secrets) {
        this(out, mode, diff, colour, secrets, 0);
    }

    /**
     * {@code verbosity} as {@code -v} repeated: 1 shows the output of changed and failed tasks,
     * 2 of every task, 3 also each command sent with its exit code and round-trip time.
     */
    public HumanReporter(PrintStream out, Mode mode, boolean diff, boolean colour, Secrets secrets, int verbosity) {
        this(out, mode, diff, colour, secrets, verbosity, null);
    }

    private HumanReporter(PrintStream out, Mode mode, boolean diff, boolean colour, Secrets secrets, int verbosity, StatusLine status) {
        this.status = status;
        this.out = out;
        this.mode = mode;
        this.diff = diff;
        this.colour = colour;
        this.secrets = secrets;
        this.verbosity = verbosity;
    }

    /** As the constructor, for a terminal: with a live status line (task, results, failures, time) while tasks run. */
    public static HumanReporter onTerminal(PrintStream terminal, Mode mode, boolean diff, boolean colour, Secrets secrets, int verbosity) {
        HumanReporter[] self = new HumanReporter[1];
        StatusLine line = new StatusLine(terminal, () -> self[0] == null ? null : self[0].statusText(), 250);
        self[0] = new HumanReporter(line.stream(), mode, diff, colour, secrets, verbosity, line);
        return self[0];
    }

    /** What the status line says: the task under way, the results so far, the failures, the time. */
    String statusText() {
        String task = currentTask;
        if (task == null) return null;
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String line = "… " + task + " · " + results.get() + " result(s) · " + failures.get() + " failed · " + seconds + " s";
        return secrets.mask(line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…" : line);
    }

    @Override
    public synchronized void playStart(String play, List<String> hosts) {
        out.println();
        out.println(header("PLAY [" + secrets.mask(play) + "]" + (mode == Mode.CHECK ? " (check mode: nothing is changed)" : mode == Mode.VERIFY ? " (verify)" : "")));
        if (hosts.isEmpty()) out.println(paint("skipping: no hosts matched", Colour.CYAN));
    }

    @Override
    public synchronized void taskStart(String kind, String task, String location) {
        currentTask = kind + " [" + task + "]";
        out.println();
        out.println(header(kind + " [" + secrets.mask(task) + "]"));
    }

    @Override
    public synchronized void result(TaskResult r) {
        results.incrementAndGet();
        if ((r.status() == Status.FAILED || r.status() == Status.UNREACHABLE) && !r.ignored()) failures.incrementAndGet();
        if (r.items().isEmpty()) {
            line(r, r.item());
        } else {
            for (TaskResult item : r.items()) line(item, item.item());
            if (r.status() == Status.FAILED || r.status() == Status.UNREACHABLE) line(r, null);
        }
        out.flush();
    }

    private void line(TaskResult r, String item) {
        String label = label(r);
        String who = "[" + r.host() + (r.delegatedTo() == null ? "" : " -> " + r.delegatedTo()) + "]" + (item == null ? "" : " (item=" + item + ")");
        String msg = r.msg() == null || r.msg().isBlank() ? "" : " " + firstLine(r.msg());
        out.println(paint(label + ": " + secrets.mask(who + msg), colour(r)));
        boolean showSteps = r.status() == Status.CHANGED && mode == Mode.CHECK;
        if (showSteps) {
            for (String step : r.steps()) {
                if (!step.equals(r.msg())) out.println("    " + secrets.mask("would " + firstLine(step)));
            }
        }
        if (diff && (r.status() == Status.CHANGED || r.status() == Status.FAILED)) {
            for (Diff d : r.diffs()) printDiff(d);
        }
        boolean notable = r.status() == Status.CHANGED || r.status() == Status.FAILED || r.status() == Status.UNREACHABLE;
        if (verbosity >= 2 || verbosity == 1 && notable) printOutput(r);
    }

    /** A command's rc, stdout and stderr, indented under its result line. */
    private void printOutput(TaskResult r) {
        Object rc = r.data().get("rc");
        for (String stream : List.of("stdout", "stderr")) {
            if (!(r.data().get(stream) instanceof String text) || text.isEmpty()) continue;
            out.println("    " + stream + (rc != null && stream.equals("stdout") ? " (rc " + rc + ")" : "") + ":");
            for (String l : secrets.mask(text).split("\n", -1)) out.println("      " + l);
        }
    }

    @Override
    public boolean tracesCommands() {
        return verbosity >= 3;
    }

    @Override
    public synchronized void connectionDetail(String host, String line) {
        if (verbosity >= 4) out.println(paint("  <" + host + "> ssh: " + secrets.mask(line), Colour.CYAN));
    }

    @Override
    public synchronized void command(String host, String script, int rc, long nanos) {
        String shown = script;
        String[] lines = shown.split("\n");
        String first = lines[0].length() > 160 ? lines[0].substring(0, 160) + " ..." : lines[0];
        out.println(paint("  <" + host + "> $ " + secrets.mask(first) + (lines.length > 1 ? " ... (" + lines.length + " lines)" : "")
                + "  [" + (rc == dev.bollard.spi.HostState.Trace.NOT_REACHED ? "not reached" : rc < 0 ? "no answer" : "rc " + rc)
                + (nanos == dev.bollard.spi.HostState.Trace.IN_BATCH ? ", in that script" : ", " + nanos / 1_000_000 + " ms") + "]", Colour.CYAN));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " ...";
    }

    private void printDiff(Diff d) {
        for (String l : secrets.mask(d.unified()).split("\n")) {
            Colour c = l.startsWith("+") && !l.startsWith("+++") ? Colour.GREEN
                    : l.startsWith("-") && !l.startsWith("---") ? Colour.RED : l.startsWith("@@") ? Colour.CYAN : null;
            out.println(c == null ? l : paint(l, c));
        }
    }

    private String label(TaskResult r) {
        String base = switch (r.status()) {
            case OK -> mode == Mode.VERIFY ? "holds" : "ok";
            case CHANGED -> mode == Mode.APPLY ? "changed" : "would change";
            case FAILED -> mode == Mode.VERIFY ? "DOES NOT HOLD" : "failed";
            case SKIPPED -> "skipping";
            case UNREACHABLE -> "unreachable";
        };
        return r.ignored() ? base + " (ignored)" : base;
    }

    private Colour colour(TaskResult r) {
        return switch (r.status()) {
            case OK -> Colour.GREEN;
            case CHANGED -> Colour.YELLOW;
            case FAILED, UNREACHABLE -> r.ignored() ? Colour.CYAN : Colour.RED;
            case SKIPPED -> Colour.CYAN;
        };
    }

    @Override
    public synchronized void recap(Map<String, HostTally> counts) {
        currentTask = null;
        StatusLine.closeQuietly(status);
        out.println();
        out.println(header("PLAY RECAP"));
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        counts.forEach((host, c) -> {
            String line = String.format("%-" + width + "s: ok=%-4d changed=%-4d unreachable=%-4d failed=%-4d skipped=%d",
                    host, c.ok(), c.changed(), c.unreachable(), c.failed(), c.skipped()) + (c.rescued() > 0 ? "    rescued=" + c.rescued() : "");
            Colour colourOf = c.failed() > 0 || c.unreachable() > 0 ? Colour.RED : c.changed() > 0 ? Colour.YELLOW : Colour.GREEN;
            out.println(paint(line, colourOf));
        });
        if (mode == Mode.VERIFY) {
            printDrift();
            printControls();
            out.println();
            counts.forEach((host, c) -> {
                boolean holds = c.failed() == 0 && c.unreachable() == 0;
                int drifted = drift.getOrDefault(host, List.of()).size();
                out.println(paint(host + ": " + (holds ? "COMPLIANT (" + c.ok() + " postconditions hold, " + c.skipped() + " not checked)"
                        : c.unreachable() > 0 ? "UNREACHABLE" : "NOT COMPLIANT (" + c.failed() + " postcondition(s) do not hold"
                        + (drifted > 0 ? ", " + drifted + " drifted since " + drift.get(host).get(0).sinceKind() + " " + drift.get(host).get(0).since() : "")
                        + ")"), holds ? Colour.GREEN : Colour.RED));
            });
        } else if (mode == Mode.CHECK) {
            out.println();
            out.println("check mode: nothing was changed on any host.");
        }
        out.flush();
    }

    @Override
    public synchronized void drift(Map<String, List<Drift>> byHost) {
        this.drift = byHost;
    }

    /** What drifted on each host since the run verify compares with, each with its files' diff (shown without --diff: it is the news). */
    private void printDrift() {
        drift.forEach((host, list) -> {
            if (list.isEmpty()) return;
            out.println();
            out.println(header("DRIFT [" + host + "]"));
            for (Drift d : list) {
                out.println(paint("drifted: " + secrets.mask(d.title()) + (d.location() == null ? "" : " (" + d.location() + ")"), Colour.RED));
                out.println("  " + secrets.mask(firstLine(d.headline())));
                for (String n : d.notes()) out.println("  " + secrets.mask(n));
                for (Diff x : d.diffs()) printDiff(x);
            }
        });
    }

    @Override
    public synchronized void controls(ControlsReport report) {
        this.controls = report;
    }

    /** Verify's controls, a block per host, before the verdict lines: only when the playbook names any. */
    private void printControls() {
        if (controls == null || controls.isEmpty()) return;
        controls.hosts().forEach((host, lines) -> {
            if (lines.isEmpty()) return;
            out.println();
            out.println(header("CONTROLS [" + host + "]"));
            for (ControlsText.Painted p : ControlsText.host(lines)) {
                String text = secrets.mask(p.text());
                out.println(p.tone() == null ? text : paint(text, switch (p.tone()) {
                    case HOLDS -> Colour.GREEN;
                    case FAILS, DRIFTED -> Colour.RED;
                    case NOT_CHECKED -> Colour.YELLOW;
                    case NOT_APPLICABLE -> Colour.CYAN;
                }));
            }
        });
    }

    @Override
    public void secret(String value) {
        secrets.add(value);
    }

    @Override
    public synchronized void warning(String message) {
        out.println(paint("WARNING: " + secrets.mask(message), Colour.YELLOW));
        out.flush();
    }

    @Override
    public synchronized void error(String message) {
        out.println(paint("ERROR: " + secrets.mask(message), Colour.RED));
        out.flush();
    }

    private static String header(String text) {
        int stars = Math.max(3, WIDTH - text.length() - 1);
        return text + " " + "*".repeat(stars);
    }

    private enum Colour {
        RED("31"), GREEN("32"), YELLOW("33"), CYAN("36");
        final String code;

        Colour(String code) {
            this.code = code;
        }
    }

    private String paint(String text, Colour c) {
        return colour ? "\u001b[" + c.code + "m" + text + "\u001b[0m" : text;
    }
}
