package dev.bollard.report;

import dev.bollard.engine.Mode;
import dev.bollard.engine.Secrets;
import dev.bollard.engine.Status;
import dev.bollard.engine.TaskResult;
import dev.bollard.engine.VerifyFindings;
import dev.bollard.playbook.Control;
import dev.bollard.spi.Diff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A result as the evidence of a report cell: masked like everything printed, each text cut at
 * {@link #LIMIT} characters so a chatty command cannot swell a page past reading.
 */
final class EvidenceOf {
    static final int LIMIT = 20_000;
    private final Secrets secrets;
    private final Mode mode;
    private final boolean diffs;

    EvidenceOf(Secrets secrets, Mode mode, boolean diffs) {
        this.secrets = secrets;
        this.mode = mode;
        this.diffs = diffs;
    }

    /** The result, or its loop items; for a control, only the items naming it when some do (the task's own tags name it otherwise). */
    List<RunReport.Evidence> of(TaskResult r, Control control) {
        if (r.items().isEmpty()) return List.of(one(r, r.task(), r.item()));
        List<TaskResult> items = r.items();
        if (control != null && items.stream().anyMatch(i -> i.controls().contains(control))) {
            items = items.stream().filter(i -> i.controls().contains(control)).toList();
        }
        List<RunReport.Evidence> out = new ArrayList<>();
        for (TaskResult i : items) out.add(one(i, r.task(), i.item()));
        // a loop that failed as a whole (an item's failure, or the loop itself) says so after its items
        if (r.failed() && items.stream().noneMatch(TaskResult::failed)) out.add(one(r, r.task(), null));
        return out;
    }

    /** What drifted: since which run, the notes, and each file as it is now against what the playbook wants (always: it is the news). */
    RunReport.Evidence of(Drift d) {
        StringBuilder msg = new StringBuilder(d.headline());
        for (String n : d.notes()) msg.append('\n').append(n);
        String diff = d.diffs().isEmpty() ? null : text(String.join("", d.diffs().stream().map(x -> x.unified()).toList()));
        return new RunReport.Evidence(text(d.task()), d.item() == null ? null : text(d.item()), "drifted", text(msg.toString()), null, diff, List.of());
    }

    private RunReport.Evidence one(TaskResult r, String task, String item) {
        List<String> steps = r.steps().stream().filter(s -> !s.equals(r.msg())).map(this::text).toList();
        return new RunReport.Evidence(text(task), item == null ? null : text(item), word(r), text(r.msg()), output(r), diff(r), steps);
    }

    /** As the terminal words a result in this mode. */
    String word(TaskResult r) {
        String base = switch (r.status()) {
            case OK -> mode == Mode.VERIFY ? "holds" : "ok";
            case CHANGED -> mode == Mode.APPLY ? "changed" : "would change";
            case FAILED -> mode == Mode.VERIFY ? "does not hold" : "failed";
            case SKIPPED -> "skipped";
            case UNREACHABLE -> "unreachable";
        };
        return r.ignored() ? base + " (ignored)" : base;
    }

    /** A command's line, exit code, stdout and stderr; then a failed verify probe's, in the same shape. */
    private String output(TaskResult r) {
        StringBuilder s = new StringBuilder();
        command(s, r.data());
        Map<?, ?> probe = VerifyFindings.failedProbe(r);
        if (probe != null) {
            if (s.length() > 0) s.append('\n');
            s.append("verify probe:\n");
            command(s, probe);
        }
        return s.length() == 0 ? null : text(s.toString().stripTrailing());
    }

    private static void command(StringBuilder s, Map<?, ?> data) {
        if (data.get("cmd") instanceof String cmd) s.append("$ ").append(cmd).append('\n');
        if (data.get("rc") instanceof Integer rc) s.append("rc: ").append(rc).append('\n');
        for (String stream : List.of("stdout", "stderr")) {
            if (data.get(stream) instanceof String text && !text.isEmpty()) {
                s.append(stream).append(":\n").append(text);
                if (!text.endsWith("\n")) s.append('\n');
            }
        }
    }

    private String diff(TaskResult r) {
        if (!diffs || r.diffs().isEmpty() || r.status() != Status.CHANGED && r.status() != Status.FAILED) return null;
        StringBuilder s = new StringBuilder();
        for (Diff d : r.diffs()) s.append(d.unified()).append(d.unified().endsWith("\n") ? "" : "\n");
        return text(s.toString());
    }

    /** Masked, then cut: cutting first could split a secret and leave its start visible. */
    String text(String raw) {
        if (raw == null) return null;
        String masked = secrets.mask(raw);
        if (masked.length() <= LIMIT) return masked;
        return masked.substring(0, LIMIT) + "\n... (" + (masked.length() - LIMIT) + " more characters; the terminal shows them all with -vv or --json)";
    }
}
