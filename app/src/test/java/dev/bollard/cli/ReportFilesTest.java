package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.engine.Secrets;
import dev.bollard.testing.Bollard;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --report FILE: refused before any host is touched when it cannot be written, written in one
 * step when it can, and masked like everything printed: a vault value and a no_log task's
 * canaries appear in no report file of an apply, a check or a verify run.
 */
class ReportFilesTest {
    private static final String VAULT_CANARY = "canary-vault-7f3e9a";
    private static final String NO_LOG_CANARY = "canary-nolog-51c2d8";
    private static final String VAULT_PASSWORD = "canary-vault-password-0b7";

    @TempDir
    Path dir;

    private Path book() throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: first
                      copy: {dest: DIR/first, content: "1"}
                """.replace("DIR", dir.toString()));
        return p;
    }

    @Test
    void aReportThatCannotBeWrittenIsRefusedBeforeAnyHostIsTouched() throws Exception {
        Path book = book();
        Files.createDirectories(dir.resolve("a-folder.html"));
        Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {
                {dir.resolve("report.txt").toString(), "--report " + dir.resolve("report.txt")
                        + ": the format is chosen by the file's ending: name it .xml (JUnit XML, for CI), .md (Markdown, for a merge request comment) or .html (a page to look at)"},
                {dir.resolve("missing/report.html").toString(), "--report " + dir.resolve("missing/report.html") + ": the folder " + dir.resolve("missing")
                        + " does not exist (create it first)"},
                {dir.resolve("a-file/report.xml").toString(), "--report " + dir.resolve("a-file/report.xml") + ": the folder " + dir.resolve("a-file")
                        + " does not exist (create it first)"},
                {dir.resolve("a-folder.html").toString(), "--report " + dir.resolve("a-folder.html") + " is a folder: give the name of the file to write in it"},
        };
        for (String[] c : cases) {
            Bollard.Run run = Bollard.run(book.toString(), "--report", dir.resolve("fine.md").toString(), "--report", c[0]);
            assertEquals(4, run.code(), run.toString());
            assertEquals("ERROR: " + c[1] + "\n", run.err());
            assertFalse(Files.exists(dir.resolve("first")), "no task ran");
            assertFalse(Files.exists(dir.resolve("fine.md")), "no report was written");
        }
        Bollard.Run twice = Bollard.run(book.toString(), "--report", dir.resolve("r.md").toString(), "--report", dir.resolve("sub/../r.md").toString());
        assertEquals(4, twice.code(), twice.toString());
        assertEquals("ERROR: --report " + dir.resolve("sub/../r.md") + " is given twice\n", twice.err());
    }

    @Test
    void reportsAreWrittenWholeReplacingTheOldOnes() throws Exception {
        Path book = book();
        Path html = dir.resolve("out/run.HTML");
        Path xml = dir.resolve("out/run.xml");
        Path md = dir.resolve("out/run.md");
        Files.createDirectories(html.getParent());
        Files.writeString(md, "an old report, longer than the new one will be? no: it is replaced whole".repeat(200));
        Files.setPosixFilePermissions(md, PosixFilePermissions.fromString("rw-rw----"));
        Bollard.Run run = Bollard.run(book.toString(), "--report", html.toString(), "--report", xml.toString(), "--report", md.toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
        assertTrue(Files.readString(xml).startsWith("<?xml"));
        assertTrue(Files.readString(md).startsWith("### bollard apply " + book));
        assertFalse(Files.readString(md).contains("an old report"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(html)), "a new report is readable as printed output is");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(md)), "a replaced one keeps its mode");
        try (Stream<Path> files = Files.list(html.getParent())) {
            assertEquals(List.of("run.HTML", "run.md", "run.xml"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    private static String vaulted(String plain) {
        String block = new VaultSecrets(List.of(VaultSecret.of("default", VAULT_PASSWORD)), v -> { })
                .encrypt(plain.getBytes(StandardCharsets.UTF_8), null);
        StringBuilder b = new StringBuilder("!vault |\n");
        for (String l : block.split("\n")) b.append("        ").append(l).append('\n');
        return b.toString();
    }

    @Test
    void noSecretReachesAReport() throws Exception {
        Path book = dir.resolve("secrets.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  vars:
                    token: VAULTED
                  tasks:
                    - name: the token file
                      copy: {dest: DIR/token, content: "token={{ token }}\\n"}
                      tags: [cis-5.1]
                    - name: say the token
                      command: echo "{{ token }}"
                      changed_when: false
                      verify: ["grep -q '{{ token }}' DIR/token"]
                      tags: [seed-009]
                    - name: a failure quoting it
                      fail: {msg: "cannot log in with {{ token }}"}
                      ignore_errors: true
                    - name: quiet
                      shell: echo NOLOG > DIR/quiet; echo NOLOG
                      changed_when: false
                      verify: ["grep -q NOLOG DIR/quiet && false"]
                      no_log: true
                """.replace("VAULTED", vaulted(VAULT_CANARY)).replace("NOLOG", NO_LOG_CANARY).replace("DIR", dir.toString()));
        Path pw = dir.resolve("vault-pass");
        Files.writeString(pw, VAULT_PASSWORD + "\n");
        List<Path> reports = new ArrayList<>();
        List<Bollard.Run> runs = new ArrayList<>();
        String[][] modes = {{"check", "--check"}, {"apply"}, {"verify", "verify"}};
        for (String[] m : modes) {
            if (m[0].equals("verify")) Files.writeString(dir.resolve("token"), "token=" + VAULT_CANARY + "-and-more\n");
            List<String> args = new ArrayList<>();
            if (m[0].equals("verify")) args.add("verify");
            args.addAll(List.of(book.toString(), "--vault-password-file", pw.toString(), "--diff", "-vv"));
            if (m[0].equals("check")) args.add("--check");
            for (String ext : List.of("xml", "md", "html")) {
                Path r = dir.resolve(m[0] + "." + ext);
                reports.add(r);
                args.addAll(List.of("--report", r.toString()));
            }
            runs.add(Bollard.run(args.toArray(String[]::new)));
        }
        assertEquals(0, runs.get(0).code(), "check: probes wait for the real run: " + runs.get(0));
        assertEquals(2, runs.get(1).code(), "apply: the no_log probe fails: " + runs.get(1));
        assertEquals(2, runs.get(2).code(), runs.get(2).toString());
        for (Path r : reports) {
            String text = Files.readString(r);
            for (String secret : List.of(VAULT_CANARY, NO_LOG_CANARY, VAULT_PASSWORD)) {
                assertFalse(text.contains(secret), "'" + secret + "' in " + r.getFileName() + ":\n" + text);
            }
        }
        String verifyXml = Files.readString(dir.resolve("verify.xml"));
        assertTrue(verifyXml.contains("-token=" + Secrets.MASK + "-and-more"), "the drift is shown, masked:\n" + verifyXml);
        assertTrue(Files.readString(dir.resolve("apply.xml")).contains("failed, ignored (ignore_errors): cannot log in with " + Secrets.MASK), "the failure is shown, masked");
        assertTrue(Files.readString(dir.resolve("apply.html")).contains("(output hidden by no_log)"));
    }
}
