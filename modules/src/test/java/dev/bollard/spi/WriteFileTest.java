package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file write whose content does not all arrive (the connection dropped mid-transfer) changes nothing. */
class WriteFileTest {
    @TempDir
    Path dir;

    /** This machine, but only the first half of every command's input gets through, as when the link drops. */
    private static final class HalfInput implements Connection {
        private final LocalConnection local = new LocalConnection();

        @Override
        public ExecResult exec(String script, byte[] stdin, Duration timeout) throws ConnectionException {
            return local.exec(script, stdin == null ? null : Arrays.copyOf(stdin, stdin.length / 2), timeout);
        }

        @Override
        public String describe() {
            return "half";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void contentCutShortNeverReplacesTheFile() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "old=1\n");
        byte[] content = "new=2\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        TaskContext ctx = new TaskContext(new HostState("here", new HalfInput(), Duration.ofSeconds(30)), null, false, null);
        ModuleFailure e = assertThrows(ModuleFailure.class, () -> new WriteFile(f.toString(), content, null, null, null, null, false).apply(ctx));
        assertEquals("cannot write " + f + ": only part of the content arrived (connection lost?)", e.getMessage());
        assertEquals("old=1\n", Files.readString(f), "the old file, whole");
        try (var left = Files.list(dir)) {
            assertEquals(java.util.List.of(f), left.toList(), "no temporary file is left");
        }
        TaskContext whole = new TaskContext(new HostState("here", new LocalConnection(), Duration.ofSeconds(30)), null, false, null);
        new WriteFile(f.toString(), content, null, null, null, null, false).apply(whole);
        assertEquals(new String(content, StandardCharsets.UTF_8), Files.readString(f));
    }
}
