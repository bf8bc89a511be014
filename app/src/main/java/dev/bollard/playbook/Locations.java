package dev.bollard.playbook;

import java.nio.file.Path;

/** Shows paths relative to the working directory when they are below it, as a user typed them. */
public final class Locations {
    private static final Path CWD = Path.of("").toAbsolutePath();

    private Locations() {
    }

    public static String display(Path file) {
        if (file == null) return "<none>";
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(CWD) ? CWD.relativize(abs).toString() : abs.toString();
    }

    /**
     * {@code name}, as written under {@code key} at {@code where}, resolved against {@code base}; a name
     * the file system cannot hold (a NUL byte, from a broken file) is an error at that line.
     */
    public static Path resolve(Path base, String name, Location where, String key) throws PlaybookException {
        try {
            return base.resolve(name).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new PlaybookException(where, key + ": '" + name.replaceAll("\\p{Cntrl}", "?") + "' is not a usable path (" + e.getReason() + ")");
        }
    }
}
