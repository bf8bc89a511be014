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

    private String modeOf(Path f) throws Exception {
        return Integer.toOctalString(Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class).permissions().stream()
                .mapToInt(p -> 1 << (8 - p.ordinal())).sum());
    }

    private void write(Path f, String content, String mode) throws Exception {
        TaskContext ctx = new TaskContext(new HostState("here", new LocalConnection(), Duration.ofSeconds(30)), null, false, null);
        new WriteFile(f.toString(), content.getBytes(StandardCharsets.UTF_8), mode, null, null, null, false).apply(ctx);
        assertEquals(content, Files.readString(f));
    }

    /** The shell makes the temporary file: a new file gets 0644 or the mode asked for, a rewrite keeps the old file's mode. */
    @Test
    void modesOfNewAndRewrittenFiles() throws Exception {
        Path fresh = dir.resolve("fresh.conf");
        write(fresh, "a\n", null);
        assertEquals("644", modeOf(fresh));
        Path secret = dir.resolve("secret.conf");
        Files.writeString(secret, "old\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        write(secret, "new\n", null);
        assertEquals("600", modeOf(secret), "a rewrite keeps the file's mode");
        Path asked = dir.resolve("asked.conf");
        write(asked, "b\n", "0640");
        assertEquals("640", modeOf(asked));
        write(asked, "c\n", "755");
        assertEquals("755", modeOf(asked), "execute bits, which no umask gives a new file");
        write(asked, "d\n", "u=rw,go=");
        assertEquals("600", modeOf(asked), "a symbolic mode");
        try (var left = Files.list(dir)) {
            assertEquals(3, left.count(), "no temporary file is left");
        }
    }

    /** A rewrite keeps the owner of a file that is not the writer's own (root writing a user's file). */
    @Test
    void aRewriteKeepsAnotherUsersOwnership() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
        Path f = dir.resolve("theirs.conf");
        Files.writeString(f, "old\n");
        var nobody = f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(f, nobody);
        write(f, "new\n", null);
        assertEquals("nobody", Files.getOwner(f).getName());
        assertEquals("644", modeOf(f));
    }
}
