package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads batched across tasks: one round trip on a converged host, never a stale answer. */
class ReadAheadTest {
    @TempDir
    Path dir;

    @Test
    void aConvergedPlayCostsOneRoundTripAndAChangeIsNeverReadFromTheBatch() throws Exception {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  vars:
                    names: [one, two, three]
                  tasks:
                    - name: a line per name
                      lineinfile: {path: DIR/a, line: "{{ item }}", create: true}
                      loop: "{{ names }}"
                    - name: a file the batch saw missing, written behind its back
                      command: sh -c 'echo two > DIR/b'
                      args: {creates: DIR/b}
                    - name: read again after the command
                      lineinfile: {path: DIR/b, line: two}
                    - name: a query
                      user: {name: root}
                    - name: a file with a mode
                      file: {path: DIR/a, mode: "0640"}
                """.replace("DIR", dir.toString()));

        Bollard.Run first = Bollard.run(book.toString(), "--json");
        assertEquals(0, first.code(), first.toString());
        assertEquals("ok", first.task("read again after the command").get(0).path("status").asText(),
                "the command wrote DIR/b after the batch read it missing: the task must see the file as it is now");
        assertEquals("two\n", Files.readString(dir.resolve("b")));

        Bollard.Run again = Bollard.run(book.toString(), "--json");
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("localhost"), again.toString());
        assertEquals(2, again.recap("localhost").path("round_trips").asInt(),
                "seven reads (three loop items, a stat, a read, a user lookup, a stat) in one batch, then the run journal's entry: "
                        + again.recap("localhost"));
    }
}
