package dev.bollard.report.html;

import dev.bollard.report.HostTally;
import dev.bollard.report.Mark;
import dev.bollard.report.RunReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A run as one self-contained HTML page: a summary (when, which playbook, how many of each
 * status), a line per host, filters by host, control or task, and status, then the matrix of
 * {@link HtmlMatrix}. Its style and script are inside the page and its content security policy
 * forbids loading anything, so it reads the same from a CI artifact, a mail or a disk.
 */
public final class HtmlReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    public static String render(RunReport r) {
        String title = "bollard " + r.modeWord() + " " + r.playbook();
        StringBuilder s = new StringBuilder(16_384);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>").append(Html.esc(title)).append("</title>\n<style>\n").append(resource("report.css")).append("</style>\n</head>\n")
                .append("<body data-mode=\"").append(r.modeWord()).append("\">\n<header>\n<h1>bollard ").append(r.modeWord()).append(" <code>")
                .append(Html.esc(r.playbook())).append("</code></h1>\n");
        s.append("<p class=\"meta\">generated <time id=\"generated\" datetime=\"").append(r.generated()).append("\">").append(WHEN.format(r.generated()))
                .append("</time> · playbook <code>").append(Html.esc(r.playbook())).append("</code> · ").append(r.hosts().size())
                .append(r.hosts().size() == 1 ? " host" : " hosts").append(" · ").append(rowCount(r)).append("</p>\n");
        counts(s, r.marks(), "counts");
        hosts(s, r);
        s.append("</header>\n");
        filters(s, r);
        new HtmlMatrix(r).append(s);
        s.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return s.toString();
    }

    private static String rowCount(RunReport r) {
        long controls = r.rows().stream().filter(RunReport.Row::control).count();
        long tasks = r.rows().size() - controls;
        if (controls == 0) return tasks + (tasks == 1 ? " task" : " tasks");
        return controls + (controls == 1 ? " control" : " controls") + (tasks == 0 ? "" : ", " + tasks + (tasks == 1 ? " task naming none" : " tasks naming none"));
    }

    private static void counts(StringBuilder s, Map<Mark, Integer> marks, String id) {
        s.append("<ul class=\"counts\" id=\"").append(id).append("\">");
        marks.forEach((m, n) -> s.append("<li class=\"m-").append(m.key).append("\" data-status=\"").append(m.key).append("\"><b>").append(n)
                .append("</b> ").append(m.word).append("</li>"));
        if (marks.isEmpty()) s.append("<li>no task ran</li>");
        s.append("</ul>\n");
    }

    private static void hosts(StringBuilder s, RunReport r) {
        s.append("<table class=\"hosts\" id=\"hosts\"><thead><tr><th>host</th><th>verdict</th><th>cells</th><th>recap</th></tr></thead><tbody>\n");
        for (RunReport.HostSummary h : r.hosts()) {
            HostTally t = h.tally();
            String verdict = t.unreachable() > 0 ? "unreachable" : h.bad() ? (r.verify() ? "not compliant" : "failed") : r.verify() ? "compliant" : "ok";
            s.append("<tr data-host=\"").append(Html.esc(h.name())).append("\"><th scope=\"row\">").append(Html.esc(h.name())).append("</th><td class=\"verdict ")
                    .append(h.bad() ? "bad" : "good").append("\">").append(verdict).append("</td><td>");
            counts(s, h.marks(), "counts-" + r.hosts().indexOf(h));
            s.append("</td><td class=\"recap\">ok=").append(t.ok()).append(" changed=").append(t.changed()).append(" unreachable=").append(t.unreachable())
                    .append(" failed=").append(t.failed()).append(" skipped=").append(t.skipped()).append(t.rescued() > 0 ? " rescued=" + t.rescued() : "")
                    .append("</td></tr>\n");
        }
        s.append("</tbody></table>\n");
    }

    private static void filters(StringBuilder s, RunReport r) {
        s.append("<form class=\"filters\" id=\"filters\" autocomplete=\"off\">\n<label>host <select id=\"f-host\"><option value=\"\">all hosts</option>");
        for (RunReport.HostSummary h : r.hosts()) s.append("<option value=\"").append(Html.esc(h.name())).append("\">").append(Html.esc(h.name())).append("</option>");
        s.append("</select></label>\n<label>").append(r.hasControls() ? "control or task" : "task")
                .append(" <input id=\"f-row\" type=\"search\" placeholder=\"").append(r.hasControls() ? "cis-2.2, audit" : "task name").append("\"></label>\n")
                .append("<fieldset id=\"f-status\"><legend>status</legend>");
        Set<Mark> present = r.marks().isEmpty() ? EnumSet.noneOf(Mark.class) : EnumSet.copyOf(r.marks().keySet());
        for (Mark m : present) {
            s.append("<label class=\"m-").append(m.key).append("\"><input type=\"checkbox\" value=\"").append(m.key).append("\" checked> ").append(m.word).append("</label>");
        }
        s.append("</fieldset>\n<output id=\"shown\"></output>\n</form>\n");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the report page's " + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
