package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.FaultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A connection killed in the middle of a file write leaves the old file whole, and the next run converges. */
class InterruptedRunE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    @Test
    void killedConnectionLeavesNoHalfWrittenFile() throws Exception {
        target.get().exec("mkdir -p /etc/app && printf 'old=1\\n' > /etc/app/app.conf");
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        Path book = dir.resolve("site.yml");
        // the validator stands for a slow check; the connection is cut while it runs, after the
        // new content is on the host but before it would replace the file
        Files.writeString(book, """
                - hosts: all
                  become: true
                  vars:
                    slow: "sleep {{ delay }} && grep -q new=2"
                  tasks:
                    - name: app config
                      copy:
                        dest: /etc/app/app.conf
                        content: "new=2\\n"
                        validate: "{{ slow }} %s"
                """);
        CompletableFuture<Bollard.Run> run = CompletableFuture.supplyAsync(() -> Bollard.run(book.toString(), "-i", inv.toString(),
                "--host-key-policy", "off", "-e", "delay=20"));
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && !target.get().exec("ls /etc/app/.bollard.* 2>/dev/null").ok()) Thread.sleep(100);
        assertTrue(target.get().exec("ls /etc/app/.bollard.*").ok(), () -> "the write was under way: " + (run.isDone() ? run.join().toString() : "still running"));
        long start = System.currentTimeMillis();
        target.get().exec("pkill -f 'sshd: deploy'");
        Bollard.Run cut = run.get(60, TimeUnit.SECONDS);
        long took = System.currentTimeMillis() - start;
        assertNotEquals(0, cut.code(), cut.toString());
        assertEquals("old=1\n", target.get().exec("cat /etc/app/app.conf").out(), "the file is the old one, whole");

        Bollard.Run again = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "-e", "delay=0");
        assertEquals(0, again.code(), again.toString());
        assertEquals("new=2\n", target.get().exec("cat /etc/app/app.conf").out());
        Bollard.Run converged = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "-e", "delay=0");
        assertTrue(converged.out().contains("changed=0"), converged.toString());
        FaultRecord.write("the sshd session killed during a file write", cut.out().lines().filter(l -> l.matches("(unreachable|failed): \\[t1].*")).findFirst().orElseThrow(), cut.code(),
                "old file whole", "changed once, then changed=0", took);
    }
}
