package dev.bollard.spi;

/**
 * A step that changes one path on the host: writes a file, sets its attributes, creates or
 * removes it. The engine's run journal records the path as the plan found it and as it is
 * afterwards, from what was read anyway, so a later rollback can put it back.
 */
public interface PathStep extends Step {

    /** The path the step changes. */
    String path();

    /** The bytes the step writes at {@link #path()}, or null when it writes no content (attributes, a directory, a removal). */
    default byte[] written() {
        return null;
    }
}
