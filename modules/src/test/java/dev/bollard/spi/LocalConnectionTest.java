package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Commands on this machine: output streams read together, whatever their size and order. */
class LocalConnectionTest {
    @Test
    void aCommandThatFillsStderrBeforeWritingStdoutDoesNotHang() throws Exception {
        // 1 MiB on stderr is far more than a pipe holds: it only finishes if stderr is read while stdout is still open
        ExecResult r = new LocalConnection().exec("head -c 1048576 /dev/zero >&2; cat; echo done", "input\n".getBytes(),
                Duration.ofSeconds(20));
        assertEquals(0, r.rc());
        assertEquals("input\ndone\n", r.stdout());
        assertEquals(1048576, r.stderr().length());
    }

    @Test
    void aFloodOfOutputKeepsOnlyItsEndWithANote() throws Exception {
        ExecResult r = new LocalConnection().exec("yes | head -c 52428800; echo last line", null, Duration.ofSeconds(60), 1 << 20);
        assertEquals(0, r.rc());
        String out = r.stdout();
        assertTrue(out.startsWith("[bollard: the first 49.0 MiB ("), out.substring(0, 120));
        assertTrue(out.endsWith("y\ny\nlast line\n"), "the end is kept");
        assertTrue(out.length() <= (1 << 20) + 200, "bounded: " + out.length());
    }

    @Test
    void aCommandThatExitsWithoutReadingItsInputEndsAtOnce() throws Exception {
        long start = System.nanoTime();
        ExecResult r = new LocalConnection().exec("exit 3", new byte[64 << 20], Duration.ofSeconds(30));
        assertEquals(3, r.rc());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no wait on input nobody reads");
    }

    @Test
    void aCommandThatNeitherReadsNorExitsTimesOut() throws Exception {
        long start = System.nanoTime();
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> new LocalConnection().exec("exec sleep 30", new byte[4 << 20], Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the timeout counts while the input waits");
    }
}
