package dev.bollard.playbook;

import java.nio.file.Path;

/** Where something was written: a file and a line, printed as {@code file:line}. */
public record Location(Path file, int line) {
    @Override
    public String toString() {
        return Locations.display(file) + ":" + line;
    }
}
