package dev.bollard.report.html;

import dev.bollard.report.RunReport;
import dev.bollard.report.RunReport.Cell;
import dev.bollard.report.RunReport.Evidence;
import dev.bollard.report.RunReport.Group;
import dev.bollard.report.RunReport.Row;
import java.util.Locale;

/**
 * The report page's matrix: a row per control (its id, the tasks naming it and their checks) or
 * per task, a column per host, each cell a button coloured by its status that opens the cell's
 * evidence in the panel beside the matrix. The evidence of every cell is in the page, hidden
 * until asked for, so the page needs nothing but itself.
 */
final class HtmlMatrix {
    private final RunReport r;
    private final StringBuilder evidence = new StringBuilder();
    private int next;

    HtmlMatrix(RunReport r) {
        this.r = r;
    }

    void append(StringBuilder s) {
        s.append("<main>\n");
        if (r.rows().isEmpty()) {
            s.append("<p class=\"empty\">No task ran on any host: there is nothing to show.</p>\n</main>\n");
            return;
        }
        s.append("<div class=\"matrix-wrap\"><table id=\"matrix\">\n<thead><tr><th class=\"corner\">").append(r.hasControls() ? "control" : "task").append("</th>");
        for (RunReport.HostSummary h : r.hosts()) {
            s.append("<th class=\"host\" scope=\"col\" data-host=\"").append(Html.esc(h.name())).append("\">").append(Html.esc(h.name())).append("</th>");
        }
        s.append("</tr></thead>\n");
        for (Group g : r.groups()) group(s, g);
        s.append("</table></div>\n<aside id=\"panel\" aria-live=\"polite\"><p id=\"panel-hint\">Click a cell to see what showed its status.</p>\n")
                .append(evidence).append("</aside>\n</main>\n");
    }

    private void group(StringBuilder s, Group g) {
        s.append("<tbody class=\"group\"><tr class=\"group-title\"><th colspan=\"").append(r.hosts().size() + 1).append("\">").append(Html.esc(g.title()))
                .append("</th></tr>\n");
        for (Row row : g.rows()) row(s, row);
        s.append("</tbody>\n");
    }

    private void row(StringBuilder s, Row row) {
        String search = (row.id() + " " + String.join(" ", row.tasks()) + " " + String.join(" ", row.controls())).toLowerCase(Locale.ROOT);
        s.append("<tr class=\"row\" data-row=\"").append(Html.esc(search)).append("\" data-id=\"").append(Html.esc(row.id())).append("\"><th scope=\"row\">");
        if (row.control()) {
            s.append("<span class=\"id\">").append(Html.esc(row.id())).append("</span> <span class=\"tasks\">").append(Html.esc(String.join(" · ", row.tasks())))
                    .append("</span>");
        } else {
            s.append("<span class=\"task\">").append(Html.esc(row.id())).append("</span>");
            for (String c : row.controls()) s.append(" <span class=\"id tag\">").append(Html.esc(c)).append("</span>");
        }
        for (String c : row.checks()) s.append("<code class=\"check\" title=\"verify: probe\">").append(Html.esc(c)).append("</code>");
        s.append("</th>");
        for (RunReport.HostSummary h : r.hosts()) {
            Cell c = row.cells().get(h.name());
            s.append("<td data-host=\"").append(Html.esc(h.name())).append('"');
            if (c == null) {
                s.append(" class=\"cell none\" data-status=\"\" title=\"not in this play\">·</td>");
                continue;
            }
            String id = "ev-" + next++;
            s.append(" class=\"cell m-").append(c.mark().key).append("\" data-status=\"").append(c.mark().key).append("\"><button type=\"button\" data-ev=\"")
                    .append(id).append("\" title=\"").append(Html.esc(c.detail())).append("\">").append(c.mark().word).append("</button></td>");
            evidence(id, h.name(), row, c);
        }
        s.append("</tr>\n");
    }

    private void evidence(String id, String host, Row row, Cell c) {
        StringBuilder e = evidence;
        e.append("<section class=\"ev\" id=\"").append(id).append("\" hidden>\n<h2><span class=\"badge m-").append(c.mark().key).append("\">").append(c.mark().word)
                .append("</span> ").append(Html.esc(row.id())).append(" <small>on</small> ").append(Html.esc(host)).append("</h2>\n");
        if (c.detail() != null && !c.detail().isBlank()) e.append("<p class=\"detail\">").append(Html.esc(c.detail())).append("</p>\n");
        if (row.control()) e.append("<p class=\"named\">named by: ").append(Html.esc(String.join(", ", row.tasks()))).append("</p>\n");
        if (!row.checks().isEmpty()) {
            e.append("<p class=\"checks\">checks (verify:):</p><pre class=\"checks\">");
            for (String check : row.checks()) e.append("$ ").append(Html.esc(check)).append('\n');
            e.append("</pre>\n");
        }
        if (row.location() != null) e.append("<p class=\"where\">").append(Html.esc(row.location())).append("</p>\n");
        if (c.evidence().isEmpty()) e.append("<p class=\"none\">No result on this host: the line above says why.</p>\n");
        for (Evidence ev : c.evidence()) result(e, ev);
        e.append("</section>\n");
    }

    private static void result(StringBuilder e, Evidence ev) {
        e.append("<article class=\"result\"><h3>").append(Html.esc(ev.task()));
        if (ev.item() != null) e.append(" <span class=\"item\">(item=").append(Html.esc(ev.item())).append(")</span>");
        e.append("</h3>\n<p class=\"status\"><b>").append(Html.esc(ev.status())).append("</b>");
        if (ev.message() != null && !ev.message().isBlank()) e.append(": <span class=\"msg\">").append(Html.esc(ev.message())).append("</span>");
        e.append("</p>\n");
        if (!ev.steps().isEmpty()) {
            e.append("<ul class=\"steps\">");
            for (String step : ev.steps()) e.append("<li>").append(Html.esc(step)).append("</li>");
            e.append("</ul>\n");
        }
        if (ev.output() != null) e.append("<pre class=\"output\">").append(Html.esc(ev.output())).append("</pre>\n");
        if (ev.diff() != null) {
            e.append("<pre class=\"diff\">");
            for (String line : ev.diff().stripTrailing().split("\n", -1)) {
                String kind = line.startsWith("+++") || line.startsWith("---") ? "file" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del"
                        : line.startsWith("@@") ? "hunk" : "";
                e.append(kind.isEmpty() ? "" : "<span class=\"" + kind + "\">").append(Html.esc(line)).append(kind.isEmpty() ? "" : "</span>").append('\n');
            }
            e.append("</pre>\n");
        }
        e.append("</article>\n");
    }
}
