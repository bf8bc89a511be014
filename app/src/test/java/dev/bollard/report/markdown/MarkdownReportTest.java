package dev.bollard.report.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ReportScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --report FILE.md rendered by a CommonMark renderer with GitHub's tables, as a merge request
 * comment would be: a table per group with a mark per host, the failing cells folded in
 * details with their evidence, names with markup shown as text.
 */
class MarkdownReportTest {
    @TempDir
    Path dir;

    static Document rendered(Path md) throws Exception {
        List<org.commonmark.Extension> ext = List.of(TablesExtension.create());
        String html = HtmlRenderer.builder().extensions(ext).build().render(Parser.builder().extensions(ext).build().parse(Files.readString(md)));
        return Jsoup.parseBodyFragment(html);
    }

    /** The table's rows as text, cell by cell, header first. */
    static List<List<String>> rows(Element table) {
        return table.select("tr").stream().map(tr -> tr.select("th, td").stream().map(Element::text).toList()).toList();
    }

    @Test
    void verifyReportRendersTablesAndFoldedEvidence() throws Exception {
        ReportScenario s = ReportScenario.in(dir);
        Path md = dir.resolve("verify.md");
        Bollard.Run run = s.verifyAfterHandEdit(md);
        assertEquals(2, run.code(), run.toString());
        Document doc = rendered(md);

        assertEquals("bollard verify " + s.playbook, doc.selectFirst("h3").text());
        Elements hosts = doc.select("ul").first().select("li");
        assertEquals(2, hosts.size());
        assertTrue(hosts.get(0).text().startsWith("here: ❌ not compliant · 3 holds, 2 drifted, 1 not applicable"), hosts.get(0).text());
        assertTrue(hosts.get(1).text().startsWith("gone: ⛔ unreachable · 6 not checked"), hosts.get(1).text());

        Elements tables = doc.select("table");
        assertEquals(List.of("CIS Docker Benchmark v1.6.0", "seed checks (Contrôle)", ReportScenario.PLAY + ": tasks naming no control"),
                doc.select("h4").eachText().subList(0, 3));
        assertEquals(3, tables.size());
        assertEquals(List.of(
                List.of("control", "tasks", "here", "gone"),
                List.of("cis-1.1.3", "watched paths are audited", "✅ holds", "❔ not checked"),
                List.of("cis-1.1.4", "watched paths are audited", "➖ not applicable", "❔ not checked"),
                List.of("cis-2.2", ReportScenario.SETTINGS, "🔀 drifted", "❔ not checked")), rows(tables.get(0)));
        assertEquals(List.of("task", "here", "gone"), rows(tables.get(2)).get(0));
        assertTrue(tables.select("b").isEmpty(), "markup in a task name is text: " + tables);

        Elements details = doc.select("details");
        assertEquals(2, details.size(), doc.html());
        Element first = details.get(0);
        // held at the apply before the hand edit: drift, with the file as it is now against what the playbook wants
        assertEquals("🔀 drifted · here · cis-2.2: " + ReportScenario.SETTINGS, first.selectFirst("summary").text());
        assertTrue(first.text().contains("held at apply "), first.text());
        Element code = first.selectFirst("pre > code");
        assertTrue(code.text().contains("does not hold: not in the desired state: update " + dir + "/here/daemon.json"), code.text());
        assertTrue(code.wholeText().contains("\n-{\"icc\": true}") && code.wholeText().contains("\n+{\"icc\": false}"), code.wholeText());
        assertEquals("What does not hold", doc.select("h4").last().text());
    }

    @Test
    void checkReportSaysWhatWouldChange() throws Exception {
        ReportScenario s = ReportScenario.in(dir);
        Path md = dir.resolve("check.md");
        Bollard.Run run = s.apply("--check", "--report", md.toString());
        // the read-only command runs in check mode too, and finds no daemon.json yet
        assertEquals(2, run.code(), run.toString());
        Document doc = rendered(md);
        assertEquals("bollard check " + s.playbook, doc.selectFirst("h3").text());
        List<List<String>> rows = rows(doc.selectFirst("table"));
        assertEquals(List.of("task", "here", "gone"), rows.get(0));
        assertEquals(List.of(ReportScenario.SETTINGS + " (cis-2.2, seed-001)", "✏️ would change", "❔ did not run"), rows.get(2));
        assertEquals(List.of("watched paths are audited (cis-1.1.3, cis-1.1.4)", "✏️ would change", "❔ did not run"), rows.get(3),
                "a task's row names the controls of its tags and of its loop items");
        assertEquals(List.of("What failed", "What would change"), doc.select("h4").eachText().subList(1, 3));
        Elements details = doc.select("details");
        assertTrue(details.get(0).selectFirst("summary").text().startsWith("⛔ unreachable · gone · the host's folder exists"), details.get(0).text());
        assertTrue(details.stream().anyMatch(d -> d.selectFirst("summary").text().equals("✏️ would change · here · " + ReportScenario.SETTINGS)
                && d.selectFirst("code").text().contains("would change: create " + dir + "/here/daemon.json")), details.toString());
    }
}
