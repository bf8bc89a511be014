package dev.bollard.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A playbook file with its plays, {@code import_playbook} already expanded, and the reader of the
 * task files an {@code include_tasks} names only at run time.
 */
public record Playbook(Path file, List<Play> plays, TaskFiles includes) {

    /** Reads a task file named at run time, as the playbook's own were read. */
    @FunctionalInterface
    public interface TaskFiles {
        List<Task> read(Path file) throws PlaybookException;
    }
}
