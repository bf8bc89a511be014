package dev.bollard.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report read back as a browser's parser would: one page that loads nothing, where a
 * host name and a command's output made of markup stay text, and whose rows are tasks when no
 * task names a control. (The page in a real browser: HtmlReportBrowserE2ETest.)
 */
class HtmlReportTest {
    private static final String HOST = "<img src=x onerror=alert(1)>&amp;\"'";
    private static final String OUTPUT = "</pre></script><script>alert(2)</script><!-- & -->";

    @TempDir
    Path dir;

    private Document run(String playbook, String... more) throws Exception {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, playbook.replace("DIR", dir.toString()));
        Path inv = dir.resolve("inventory.yml");
        Files.writeString(inv, "all:\n  hosts:\n    '" + HOST.replace("'", "''") + "':\n      ansible_connection: local\n");
        Path html = dir.resolve("report.html");
        List<String> args = new java.util.ArrayList<>(List.of(more));
        args.addAll(List.of(book.toString(), "-i", inv.toString(), "--report", html.toString()));
        Bollard.Run r = Bollard.run(args.toArray(String[]::new));
        assertTrue(Files.exists(html), r.toString());
        return Jsoup.parse(Files.readString(html));
    }

    @Test
    void markupInNamesAndOutputStaysTextAndThePageLoadsNothing() throws Exception {
        Document doc = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: says markup
                      shell: "printf '%s' 'OUTPUT'; exit 1"
                      tags: [cis-4.1]
                """.replace("OUTPUT", OUTPUT));
        assertEquals(1, doc.select("script").size(), "only the page's own script");
        assertTrue(doc.select("img, iframe, link, object, embed").isEmpty(), doc.html());
        assertTrue(doc.select("[src], [href]").isEmpty(), "nothing to load: " + doc.select("[src], [href]"));
        Element csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]");
        assertNotNull(csp);
        assertTrue(csp.attr("content").startsWith("default-src 'none'"), csp.attr("content"));

        assertEquals(HOST, doc.selectFirst("#matrix th.host").text());
        assertEquals(HOST, doc.selectFirst("#matrix td.cell").attr("data-host"));
        assertEquals(List.of("", HOST), doc.select("#f-host option").eachAttr("value"));
        Element cell = doc.selectFirst("#matrix tr.row td.cell");
        assertEquals("failed", cell.attr("data-status").replace("fails", "failed"));
        Element evidence = doc.getElementById(cell.selectFirst("button").attr("data-ev"));
        assertNotNull(evidence, "the cell's evidence is in the page");
        assertTrue(evidence.hasAttr("hidden"), "hidden until the cell is clicked");
        assertEquals(OUTPUT, evidence.selectFirst("pre.output").wholeText().lines().filter(l -> l.startsWith("</pre>")).findFirst().orElse(""),
                evidence.selectFirst("pre.output").wholeText());
        assertEquals("cis-4.1", doc.selectFirst("#matrix tr.row .id.tag").text(), "in apply the rows are tasks, with the controls they name");
    }

    @Test
    void withoutControlsTheRowsAreTasks() throws Exception {
        Document doc = run("""
                - name: plain
                  hosts: all
                  gather_facts: false
                  tasks:
                    - name: one
                      copy: {dest: DIR/one, content: "1"}
                    - name: two
                      copy: {dest: DIR/two, content: "2"}
                      when: false
                    - name: three
                      command: "true"
                """, "verify");
        assertEquals("task", doc.selectFirst("#matrix th.corner").text());
        assertEquals(List.of("plain: tasks naming no control"), doc.select("#matrix tr.group-title").eachText());
        assertEquals(List.of("one", "two", "three"), doc.select("#matrix tr.row th").eachText());
        assertEquals(List.of("fails", "not_applicable", "not_checked"), doc.select("#matrix td.cell").eachAttr("data-status"),
                "verify before any apply: one's file is missing, two is skipped by its condition, three has nothing to check");
        assertEquals("3 tasks", doc.selectFirst(".meta").text().replaceAll(".* · ", ""));
    }
}
