package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify's drift on this machine, against the journal in a folder of the test: what counts as
 * drift (held at the run compared with, not now) and what does not (a task that failed then
 * too; a file left as it was while the playbook now wants other content).
 */
class DriftTest {
    @TempDir
    Path dir;

    private Path book(String listen) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: config
                      copy: {dest: W/app.conf, content: "listen LISTEN\\n"}
                    - name: lines
                      lineinfile: {path: W/lines.conf, line: two}
                      loop: [1]
                """.replace("W", dir.toString()).replace("LISTEN", listen));
        return p;
    }

    private Bollard.Run run(boolean verify, Path book) {
        List<String> args = new ArrayList<>();
        if (verify) args.add("verify");
        args.addAll(List.of(book.toString(), "-c", "local", "--json", "-e", "bollard_journal_dir=" + dir.resolve("journal")));
        return Bollard.run(args.toArray(String[]::new));
    }

    private static List<String> drifted(Bollard.Run r) {
        JsonNode recap = r.events().stream().filter(n -> "recap".equals(n.path("event").asText())).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        recap.path("hosts").path("localhost").path("drift").forEach(d -> out.add(d.path("task").asText() + " since " + d.path("since_kind").asText()));
        return out;
    }

    @Test
    void driftIsWhatHeldThenAndNotNow() throws Exception {
        Files.writeString(dir.resolve("lines.conf"), "one\n");
        Path book = book("8080");
        assertEquals(List.of(), drifted(run(true, book)), "no journal yet: nothing to compare with");
        assertEquals(0, run(false, book).code());

        Files.writeString(dir.resolve("app.conf"), "listen 1\n");
        Bollard.Run first = run(true, book);
        assertEquals(2, first.code(), first.toString());
        assertEquals(List.of("config since apply"), drifted(first), first.toString());
        JsonNode d = first.events().stream().filter(n -> "recap".equals(n.path("event").asText())).findFirst().orElseThrow()
                .path("hosts").path("localhost").path("drift").get(0);
        assertTrue(d.path("diff").get(0).asText().contains("-listen 1\n+listen 8080\n"), d.toString());

        Bollard.Run second = run(true, book);
        assertEquals(2, second.code());
        assertEquals(List.of(), drifted(second), "it failed at the verify compared with: not news");

        Files.writeString(dir.resolve("app.conf"), "listen 8080\n");
        Files.writeString(dir.resolve("lines.conf"), "one\n");
        Bollard.Run third = run(true, book);
        assertEquals(2, third.code(), third.toString());
        assertEquals(List.of("lines since verify"), drifted(third), "config failed at the last verify too; lines held there: " + third);

        assertEquals(0, run(false, book).code());
        Bollard.Run changedBook = run(true, book("9090"));
        assertEquals(2, changedBook.code(), changedBook.toString());
        assertEquals(List.of(), drifted(changedBook), "the file is as it held: the playbook changed, not the host");

        Files.writeString(dir.resolve("lines.conf"), "one\nTWO\n");
        assertEquals(List.of("lines since verify"), drifted(run(true, book("9090"))), "a loop item held at the last verify");
    }
}
