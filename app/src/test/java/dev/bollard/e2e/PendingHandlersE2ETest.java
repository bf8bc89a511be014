package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler notified by a task that changed, then not run because a later task failed, is kept on
 * the host (root-owned /var/lib/bollard/pending-handlers.json): verify reports it as pending, the next
 * run runs it first in its handler phase and says from which run, and clears the record; a run after
 * that does not run it again, and reads the record with the command it sends first anyway.
 */
class PendingHandlersE2ETest {
    private static final String FILE = "/var/lib/bollard/pending-handlers.json";
    private static final String PLAY = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: the configuration changes
                  copy: {dest: /etc/demo.conf, content: "version {{ version }}\\n"}
                  notify: restart demo
                - name: a later task fails
                  command: "{{ '/bin/false' if (fail | bool) else '/bin/true' }}"
                  changed_when: false
              handlers:
                - name: restart demo
                  shell: date +%s%N >> /tmp/demo-restarts
            """;

    @TempDir
    Path dir;

    @Test
    void aHandlerLeftByAFailedRunRunsInTheNextOneAndVerifyCallsItPending() throws Exception {
        try (SshTarget target = SshTarget.sshd()) {
            Path book = dir.resolve("demo.yml");
            Files.writeString(book, PLAY);
            Path inventory = dir.resolve("hosts.yml");
            // deploy logs in and becomes root with sudo only to write the record
            Files.writeString(inventory, "all:\n  hosts:\n" + target.inventoryEntry("web", "deploy") + "      ansible_become: true\n");

            Bollard.Run failed = run(book, inventory, "apply", "fail=true");
            assertEquals(2, failed.code(), failed.toString());
            assertEquals(1, failed.changed("web"), failed.toString());
            assertFalse(target.exec("test -e /tmp/demo-restarts").ok(), "the handler ran although a later task failed");
            SshTarget.ExecResult record = target.exec("stat -c '%U %a' " + FILE + " && cat " + FILE);
            assertTrue(record.ok(), "no record of the pending handler: " + record.err());
            assertTrue(record.out().startsWith("root 644\n"), record.out());
            assertTrue(record.out().contains("\"notify\":\"restart demo\""), record.out());

            Bollard.Run verify = run(book, inventory, "verify", "fail=false");
            assertTrue(verify.code() != 0, verify.toString());
            JsonNode pending = only(verify.task("restart demo"));
            assertEquals("failed", pending.path("status").asText(), pending.toString());
            assertTrue(pending.path("msg").asText().contains("handler pending: notified by the run of "), pending.toString());
            assertTrue(target.exec("test -e " + FILE).ok(), "verify cleared the record");

            Bollard.Run next = run(book, inventory, "apply", "fail=false");
            assertEquals(0, next.code(), next.toString());
            JsonNode ran = only(next.task("restart demo"));
            assertEquals("changed", ran.path("status").asText(), ran.toString());
            assertTrue(ran.path("msg").asText().startsWith("pending from run "), ran.toString());
            assertEquals("1", target.exec("wc -l < /tmp/demo-restarts").out().strip());
            assertFalse(target.exec("test -e " + FILE).ok(), "the record outlived the handler's run");

            Bollard.Run quiet = run(book, inventory, "apply", "fail=false", "-vvv");
            assertEquals(0, quiet.code(), quiet.toString());
            assertEquals("1", target.exec("wc -l < /tmp/demo-restarts").out().strip(), "the handler ran twice");
            // the reads (the record read with them, no round trip of its own), the command task, the journal's entry
            long commands = quiet.out().lines().filter(l -> l.startsWith("  <web> $ ") && !l.endsWith(", in that script]")).count();
            assertEquals(3, commands, quiet.out());
            assertFalse(quiet.out().contains("pending-handlers"), "a command of its own for the record:\n" + quiet.out());
        }
    }

    private static Bollard.Run run(Path book, Path inventory, String mode, String fail, String... more) {
        List<String> args = new java.util.ArrayList<>();
        if (mode.equals("verify")) args.add("verify");
        args.addAll(List.of(book.toString(), "-i", inventory.toString(), "--host-key-policy", "off",
                "-e", "version=1", "-e", "fail=" + fail.substring(5)));
        if (more.length == 0) args.add("--json");
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    private static JsonNode only(List<JsonNode> events) {
        List<JsonNode> results = events.stream().filter(e -> e.has("status")).toList();
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }
}
