package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) on a real bollard process: the step under way finishes, nothing starts after it, recap and exit 130. */
class InterruptTest {
    @TempDir
    Path dir;

    /**
     * Whether this JVM was started with SIGINT ignored (a job started in the background by a
     * non-interactive shell): a child inherits that, and no program can catch Ctrl-C there.
     */
    private static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
        }
        return false;
    }

    @Test
    void theFirstCtrlCLetsTheStepFinishAndStopsTheRun() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(),
                "this test JVM runs with SIGINT ignored (started in the background), so no child can receive Ctrl-C");
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: slow step
                      shell: touch DIR/started && sleep 3 && echo done > DIR/first
                    - name: never started
                      copy: {dest: DIR/second, content: "x"}
                """.replace("DIR", dir.toString()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                book.toString(), "-c", "local")).start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        // wait until the slow step is under way, then press Ctrl-C once
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            // a step's script is not on any command line (pgrep cannot see it): it says itself that it started
            if (Files.exists(dir.resolve("started"))) break;
            Thread.sleep(100);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bollard ended");
        String stdout = out.get();
        String stderr = err.get();
        assertEquals(130, p.exitValue(), stdout + stderr);
        assertTrue(stderr.contains("interrupted: no new task starts; waiting for the steps under way on localhost (slow step)"), stderr);
        assertEquals("done\n", Files.readString(dir.resolve("first")), "the step under way finished");
        assertFalse(Files.exists(dir.resolve("second")), "no task started after Ctrl-C");
        assertTrue(stdout.contains("PLAY RECAP") && stdout.contains("interrupted (Ctrl-C)"), stdout);
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
    }
}
