package dev.bollard.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a local file in one step: the new content goes to a temporary file beside it, reaches
 * the disk, takes the old file's permissions and is renamed over it. A crash or a full disk
 * leaves the old file whole, never a half-written one.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    static void write(Path target, byte[] content) throws IOException {
        write(target, content, null);
    }

    /** As above; a file that did not exist gets {@code mode} (null: only its owner may read it, as a vault file). */
    static void write(Path target, byte[] content, java.util.Set<java.nio.file.attribute.PosixFilePermission> mode) throws IOException {
        Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        Path tmp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".tmp"); // mode 0600
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (Files.exists(real) || mode != null) {
                try {
                    Files.setPosixFilePermissions(tmp, Files.exists(real) ? Files.getPosixFilePermissions(real) : mode);
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the default permissions stay
                }
            }
            Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
