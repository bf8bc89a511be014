package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
