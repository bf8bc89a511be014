package dev.bollard.spi;

/**
 * What {@code bollard doc MODULE} prints besides the arguments: what the module manages, what it
 * proves after applying, what check mode predicts for later tasks, and an example task list that
 * runs as written (a test runs every example).
 */
public record ModuleDoc(String summary, String verifies, String checkMode, String example) {
}
