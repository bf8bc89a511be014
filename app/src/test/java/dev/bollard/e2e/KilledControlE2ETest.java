package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.BollardProcess;
import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.FaultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control side killed (SIGKILL) in the middle of a step: the step's processes on the host die
 * with the connection, the host's lock goes with them, and the next run starts at once.
 */
class KilledControlE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    /** How many processes on the target match an extended regexp on their whole command line. */
    private static int count(String regexp) {
        return Integer.parseInt(target.get().exec("pgrep -c -f '" + regexp + "' || true").out().trim());
    }

    private static long waitFor(String regexp, int n, long millis) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < millis && count(regexp) != n) Thread.sleep(100);
        return System.currentTimeMillis() - start;
    }

    @Test
    void aKilledRunLeavesNoProcessAndNoLockBehind() throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        Path book = dir.resolve("long.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: a step that takes long
                      shell: sleep 300 & sleep 301; wait
                """);
        BollardProcess run = BollardProcess.start(dir, List.of("-Xmx256m"), book.toString(), "-i", inv.toString(), "--host-key-policy", "off");
        waitFor("^sleep 30[01]$", 2, 60_000);
        assertEquals(2, count("^sleep 30[01]$"), () -> "the step is running: " + output(run));
        assertEquals(1, count("^tail -s 0.2 -f --pid="), "a process on the host holds the run's lock");

        run.kill();
        long gone = waitFor("^sleep 30[01]$", 0, 10_000);
        assertEquals(0, count("^sleep 30[01]$"), "the step's processes died with the connection");
        assertEquals(0, count("^tail -s 0.2 -f --pid="), "the lock's holder is gone too");
        System.out.println("[KilledControlE2ETest] the step's processes were gone " + gone + " ms after the kill");

        Path quick = dir.resolve("quick.yml");
        Files.writeString(quick, """
                - hosts: all
                  become: true
                  tasks:
                    - copy:
                        dest: /etc/after-kill
                        content: "next run\\n"
                """);
        long start = System.currentTimeMillis();
        Bollard.Run next = Bollard.run(quick.toString(), "-i", inv.toString(), "--host-key-policy", "off", "--lock-wait", "0");
        assertEquals(0, next.code(), next.toString());
        assertTrue(System.currentTimeMillis() - start < 15_000, "no waiting for a lock");
        assertEquals("next run\n", target.get().exec("cat /etc/after-kill").out());
        assertEquals("", target.get().exec("find /etc /tmp /home -name '.bollard.*'").out(), "no temporary file left");
        FaultRecord.write("the control side SIGKILLed mid-step", "(nothing: it was killed)", run.process().exitValue(),
                "step's processes gone " + gone + " ms after the kill, lock free, no temp file", "next run at once with --lock-wait 0: converged",
                gone);
    }

    private static String output(BollardProcess run) {
        try {
            return run.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
