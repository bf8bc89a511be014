package dev.bollard.report.markdown;

import dev.bollard.report.HostTally;
import dev.bollard.report.Mark;
import dev.bollard.report.RunReport;
import dev.bollard.report.RunReport.Cell;
import dev.bollard.report.RunReport.Group;
import dev.bollard.report.RunReport.Row;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run as GitHub/GitLab-flavoured Markdown, for a merge request comment: a line per host, a
 * table per group (controls or tasks down, hosts across) with a mark in each cell, then the
 * cells to look at, each with its evidence folded in a {@code <details>}: what fails (and in
 * apply or check, what changed).
 */
public final class MarkdownReport {
    /** A comment has room for about 64 KiB: one cell's evidence is cut beyond this. */
    static final int EVIDENCE_LIMIT = 6_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private MarkdownReport() {
    }

    /** The mark of a status, then its word: the symbol catches the eye, the word says it without colour. */
    static String mark(Mark m) {
        String symbol = switch (m) {
            case HOLDS, OK -> "✅";
            case FAILS, FAILED -> "❌";
            case DRIFTED -> "🔀";
            case UNREACHABLE -> "⛔";
            case CHANGED, WOULD_CHANGE -> "✏️";
            case NOT_APPLICABLE, SKIPPED -> "➖";
            case NOT_CHECKED, NOT_RUN -> "❔";
        };
        return symbol + " " + m.word;
    }

    public static String render(RunReport r) {
        StringBuilder s = new StringBuilder();
        s.append("### bollard ").append(r.modeWord()).append(' ').append(Md.inline(r.playbook())).append("\n\n");
        s.append(WHEN.format(r.generated())).append(" · ").append(r.hosts().size()).append(r.hosts().size() == 1 ? " host" : " hosts")
                .append(" · ").append(r.rows().size()).append(r.hasControls() ? " rows (controls, then tasks naming none)" : " tasks")
                .append(" · ").append(counts(r.marks())).append("\n\n");
        for (RunReport.HostSummary h : r.hosts()) s.append("- ").append(hostLine(r, h)).append('\n');
        for (Group g : r.groups()) table(s, r, g);
        details(s, r);
        return s.toString();
    }

    private static String hostLine(RunReport r, RunReport.HostSummary h) {
        HostTally t = h.tally();
        String verdict = t.unreachable() > 0 ? "⛔ **unreachable**"
                : h.bad() ? "❌ **" + (r.verify() ? "not compliant" : "failed") + "**"
                : "✅ **" + (r.verify() ? "compliant" : "ok") + "**";
        return "**" + Md.inline(h.name()) + "**: " + verdict + " · " + counts(h.marks()) + " · recap: ok=" + t.ok() + " changed=" + t.changed()
                + " unreachable=" + t.unreachable() + " failed=" + t.failed() + " skipped=" + t.skipped();
    }

    static String counts(Map<Mark, Integer> marks) {
        List<String> parts = new ArrayList<>();
        marks.forEach((m, n) -> parts.add(n + " " + m.word));
        return parts.isEmpty() ? "nothing ran" : String.join(", ", parts);
    }

    private static void table(StringBuilder s, RunReport r, Group g) {
        s.append("\n#### ").append(Md.inline(g.title())).append("\n\n");
        boolean controls = g.rows().stream().anyMatch(Row::control);
        s.append(controls ? "| control | tasks |" : "| task |");
        for (RunReport.HostSummary h : r.hosts()) s.append(' ').append(Md.inline(h.name())).append(" |");
        s.append('\n').append(controls ? "|---|---|" : "|---|").append("---|".repeat(r.hosts().size())).append('\n');
        for (Row row : g.rows()) {
            s.append("| ").append(Md.inline(row.id()));
            if (!row.control() && !row.controls().isEmpty()) s.append(" (").append(Md.inline(String.join(", ", row.controls()))).append(')');
            s.append(" |");
            if (controls) s.append(' ').append(Md.inline(String.join(", ", row.tasks()))).append(" |");
            for (RunReport.HostSummary h : r.hosts()) {
                Cell c = row.cells().get(h.name());
                s.append(' ').append(c == null ? "" : mark(c.mark())).append(" |");
            }
            s.append('\n');
        }
    }

    /** The cells to look at: what fails or could not be reached; in apply and check, what changed too. */
    private static void details(StringBuilder s, RunReport r) {
        List<String> bad = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Row row : r.rows()) {
            row.cells().forEach((host, c) -> {
                if (c.mark().bad()) bad.add(detail(host, row, c));
                else if (c.mark() == Mark.CHANGED || c.mark() == Mark.WOULD_CHANGE) changed.add(detail(host, row, c));
            });
        }
        if (!bad.isEmpty()) s.append("\n#### ").append(r.verify() ? "What does not hold" : "What failed").append("\n\n");
        bad.forEach(s::append);
        if (!changed.isEmpty()) s.append("\n#### ").append(r.check() ? "What would change" : "What changed").append("\n\n");
        changed.forEach(s::append);
    }

    private static String detail(String host, Row row, Cell c) {
        String text = row.text(c);
        if (text.length() > EVIDENCE_LIMIT) text = text.substring(0, EVIDENCE_LIMIT) + "\n... (cut: the .html or .xml report has it all)";
        return "<details>\n<summary>" + Md.html(mark(c.mark()) + " · " + host + " · " + row.title()) + "</summary>\n\n" + Md.code(text) + "\n</details>\n";
    }
}
