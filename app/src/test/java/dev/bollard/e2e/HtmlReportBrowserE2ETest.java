package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.BrowserGuard;
import dev.bollard.testing.HeadlessChromium;
import dev.bollard.testing.SshTarget;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a real verify, opened in headless chromium: on host t1 (an sshd container)
 * one control fails after a hand edit, others hold, one is not applicable; host t2 cannot be
 * reached. The page renders without a console error, the matrix shows those cells, the status
 * and host filters hide and show rows and columns, and a click on the failing cell opens its
 * evidence. The page as seen is kept in app/target/reports/verify-report.png.
 */
class HtmlReportBrowserE2ETest {
    private static final Path SCREENSHOT = Path.of("target/reports/verify-report.png");
    private static final String PLAYBOOK = """
            - name: Docker host controls
              hosts: all
              gather_facts: false
              vars:
                watched:
                  - {path: /usr/sbin/sshd, control: cis-1.1.3}
                  - {path: /run/containerd, control: cis-1.1.4}
              tasks:
                - name: the settings folder is root's
                  file: {path: /etc/bollard-report, state: directory, mode: "0755"}
                  tags: [cis-9.1]

                - name: daemon settings are in place
                  copy: {dest: /etc/bollard-report/daemon.json, content: '{"icc": false}'}
                  tags: [cis-2.2, seed-001]

                - name: which watched paths exist
                  shell: "for p in {{ watched | map(attribute='path') | join(' ') }}; do [ -e \\"$p\\" ] && echo \\"$p\\"; done; true"
                  register: present
                  changed_when: false

                - name: watched paths are audited
                  lineinfile: {path: /etc/bollard-report/audit.rules, line: "-w {{ item.path }} -k docker", create: true}
                  loop: "{{ watched }}"
                  when: item.path in present.stdout_lines

                - name: the audit rules name sshd
                  command: cat /etc/bollard-report/audit.rules
                  changed_when: false
                  verify: ["grep -q -- '-w /usr/sbin/sshd' /etc/bollard-report/audit.rules"]
                  tags: [seed-003]
            """;

    private static SshTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        BrowserGuard.require();
        target = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path verifyReport() throws Exception {
        Path play = dir.resolve("controls.yml");
        Files.writeString(play, PLAYBOOK);
        Path inv = Bollard.inventory(dir, "root", "", target);
        Files.writeString(inv, Files.readString(inv) + "    t2:\n      ansible_host: 127.0.0.1\n      ansible_port: " + closedPort() + "\n");
        List<String> common = List.of(play.toString(), "-i", inv.toString(), "--host-key-policy", "off", "-T", "3");
        Bollard.Run apply = Bollard.run(common.toArray(String[]::new));
        assertEquals(3, apply.code(), "t1 applied, t2 unreachable: " + apply);
        target.exec("printf '{\"icc\": true}' > /etc/bollard-report/daemon.json");
        // a first verify reports the hand edit as drift since the apply; the page is of the next, where it fails
        List<String> first = new ArrayList<>(List.of("verify"));
        first.addAll(common);
        assertEquals(2, Bollard.run(first.toArray(String[]::new)).code());
        Path html = dir.resolve("verify.html");
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(common);
        args.addAll(List.of("--diff", "--report", html.toString()));
        Bollard.Run verify = Bollard.run(args.toArray(String[]::new));
        assertEquals(2, verify.code(), verify.toString());
        return html;
    }

    /** Row id to its cells' statuses (t1, t2), for the rows shown. */
    private static Map<String, List<String>> shownRows(HeadlessChromium page) throws Exception {
        JsonNode rows = page.eval("Array.from(document.querySelectorAll('#matrix tr.row')).filter(tr => tr.offsetParent !== null)"
                + ".map(tr => [tr.dataset.id].concat(Array.from(tr.querySelectorAll('td.cell')).map(td => td.dataset.status)))");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 1; i < r.size(); i++) cells.add(r.get(i).asText());
            out.put(r.get(0).asText(), cells);
        }
        return out;
    }

    private static List<String> texts(HeadlessChromium page, String selector) throws Exception {
        List<String> out = new ArrayList<>();
        page.eval("Array.from(document.querySelectorAll(" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(selector)
                + ")).filter(e => e.offsetParent !== null).map(e => e.textContent.trim())").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theVerifyReportWorksInABrowser() throws Exception {
        Path html = verifyReport();
        try (HeadlessChromium page = HeadlessChromium.start(1400, 900)) {
            page.open(html.toUri().toString());
            assertEquals("bollard verify " + dir.resolve("controls.yml"), page.eval("document.title").asText());

            List<String> na = List.of("not_applicable", "not_checked");
            Map<String, List<String>> all = shownRows(page);
            assertEquals(List.of("cis-1.1.3", "cis-1.1.4", "cis-2.2", "cis-9.1", "seed-001", "seed-003", "which watched paths exist"),
                    List.copyOf(all.keySet()));
            assertEquals(List.of("holds", "not_checked"), all.get("cis-1.1.3"));
            assertEquals(na, all.get("cis-1.1.4"));
            assertEquals(List.of("fails", "not_checked"), all.get("cis-2.2"));
            assertEquals(List.of("holds", "not_checked"), all.get("cis-9.1"));
            assertEquals(List.of("fails", "not_checked"), all.get("seed-001"));
            assertEquals(List.of("holds", "not_checked"), all.get("seed-003"));
            assertEquals(List.of("holds", "not_checked"), all.get("which watched paths exist"));
            assertEquals(List.of("CIS Docker Benchmark v1.6.0", "seed checks (Contrôle)", "Docker host controls: tasks naming no control"),
                    texts(page, "#matrix tr.group-title"));
            assertEquals(List.of("grep -q -- '-w /usr/sbin/sshd' /etc/bollard-report/audit.rules"), texts(page, "#matrix tr[data-id='seed-003'] .check"),
                    "the seed's own check is shown");
            assertEquals("7 rows shown", page.eval("document.getElementById('shown').value").asText());

            // the status filter: only what fails
            for (String status : List.of("holds", "not_applicable", "not_checked")) page.click("#f-status input[value='" + status + "']");
            assertEquals(List.of("cis-2.2", "seed-001"), List.copyOf(shownRows(page).keySet()));
            assertEquals(List.of("CIS Docker Benchmark v1.6.0", "seed checks (Contrôle)"), texts(page, "#matrix tr.group-title"));
            assertEquals("hidden", page.eval("getComputedStyle(document.querySelector(\"tr[data-id='cis-2.2'] td[data-host='t2'] button\")).visibility")
                    .asText(), "the cell of another status is blanked");
            // only what is not checked, on t2 alone
            page.click("#f-status input[value='fails']");
            page.click("#f-status input[value='not_checked']");
            page.eval("const s = document.getElementById('f-host'); s.value = 't2'; s.dispatchEvent(new Event('change')); true");
            assertEquals(7, shownRows(page).size());
            assertEquals(List.of("t2"), texts(page, "#matrix th.host"));
            // a control filter by text
            page.eval("const i = document.getElementById('f-row'); i.value = 'AUDITED'; i.dispatchEvent(new Event('input')); true");
            assertEquals(List.of("cis-1.1.3", "cis-1.1.4"), List.copyOf(shownRows(page).keySet()));

            // back to everything, then the failing cell's evidence
            page.eval("document.getElementById('f-row').value = ''; document.getElementById('f-host').value = '';"
                    + "document.querySelectorAll('#f-status input').forEach(b => b.checked = true);"
                    + "document.getElementById('f-host').dispatchEvent(new Event('change')); true");
            assertEquals(7, shownRows(page).size());
            assertTrue(texts(page, "section.ev").isEmpty(), "no evidence before a click");
            page.click("#matrix tr[data-id='cis-2.2'] td[data-host='t1'] button");
            List<String> shown = texts(page, "section.ev");
            assertEquals(1, shown.size(), shown.toString());
            String evidence = shown.get(0);
            for (String part : List.of("fails cis-2.2 on t1", "daemon settings are in place", "not in the desired state: update /etc/bollard-report/daemon.json",
                    "-{\"icc\": true}", "+{\"icc\": false}")) {
                assertTrue(evidence.contains(part), "'" + part + "' missing from the evidence:\n" + evidence);
            }
            assertFalse(page.eval("document.getElementById('panel-hint').offsetParent !== null").asBoolean(), "the hint gives way to the evidence");
            assertEquals("rgb(179, 38, 30)", page.eval("getComputedStyle(document.querySelector(\"tr[data-id='cis-2.2'] td[data-host='t1']\")).color")
                    .asText(), "a failing cell is red");

            page.screenshot(SCREENSHOT);
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
            assertTrue(png.length > 20_000, "a page's worth of pixels: " + png.length + " bytes");

            assertEquals(List.of(), page.problems(), "console errors, exceptions or log errors");
            // the watch on the console sees errors: a page that had one would not pass
            page.eval("console.error('seen'); setTimeout(() => { throw new Error('thrown'); }); new Promise(r => setTimeout(r, 200))");
            assertEquals(List.of("console.error: seen", "exception: Error: thrown"), page.problems().stream().map(p -> p.replaceAll("\n.*", "")).toList());
        }
    }
}
