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
}
