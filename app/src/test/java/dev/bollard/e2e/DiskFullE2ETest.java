package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed path is on a full filesystem (a 64 KiB tmpfs): a copy or template write that does
 * not fit fails with the host, the path and the reason; the old file stays whole and no temporary
 * file is left; once there is room, a re-run converges.
 */
class DiskFullE2ETest {
    private static SshTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = SshTarget.sshdWithTmpFs("/srv/full", "rw,size=64k");
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    @BeforeEach
    void fill() {
        // 40 KiB of the 64 are taken: the old file fits, a 32 KiB new content does not
        assertTrue(target.exec("rm -rf /srv/full/* && printf 'old=1\\n' > /srv/full/app.conf && head -c 40960 /dev/zero > /srv/full/filler").ok());
    }

    @Test
    void aCopyThatDoesNotFitLeavesTheOldFileWhole() throws Exception {
        Path book = dir.resolve("copy.yml");
        Files.writeString(book, """
                - hosts: all
                  become: true
                  gather_facts: false
                  tasks:
                    - name: app config
                      copy:
                        dest: /srv/full/app.conf
                        content: "{{ 'new=2 ' * 4681 }}"
                """);
        full("a full disk under a copy", book);
    }

    @Test
    void aTemplateThatDoesNotFitLeavesTheOldFileWhole() throws Exception {
        Files.writeString(dir.resolve("app.conf.j2"), "{% for i in range(1000) %}line {{ i }} of the app's settings\n{% endfor %}");
        Path book = dir.resolve("template.yml");
        Files.writeString(book, """
                - hosts: all
                  become: true
                  gather_facts: false
                  tasks:
                    - name: app config
                      template:
                        src: app.conf.j2
                        dest: /srv/full/app.conf
                """);
        full("a full disk under a template", book);
    }

    private void full(String fault, Path book) throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", target);
        long start = System.currentTimeMillis();
        Bollard.Run run = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off");
        long took = System.currentTimeMillis() - start;
        assertEquals(2, run.code(), run.toString());
        String said = FaultRecord.line(run.out(), "failed: [t1]");
        assertTrue(said.matches("failed: \\[t1] cannot write /srv/full/app\\.conf: the filesystem of /srv/full has no room for its \\d+ bytes "
                + "\\(No space left on device\\); /srv/full/app\\.conf left as it was"), said);
        assertEquals("old=1\n", target.exec("cat /srv/full/app.conf").out(), "the old file, whole");
        assertEquals("", target.exec("find /srv/full -name '.bollard.*'").out(), "no temporary file left");

        target.exec("rm /srv/full/filler");
        Bollard.Run again = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("changed: [t1]"), again.out());
        Bollard.Run converged = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off");
        assertTrue(converged.out().matches("(?s).*t1\\s+: ok=1\\s+changed=0\\s+unreachable=0\\s+failed=0.*"), converged.out());
        FaultRecord.write(fault, said, run.code(), "old file whole, no temp file", "with room: changed once, then changed=0", took);
    }
}
