package dev.bollard.spi;

/**
 * A command ran longer than the run's {@code --timeout} and was killed on the host with every
 * process it started. The task fails; the host is still reachable.
 */
public final class CommandTimeout extends ModuleFailure {
    public CommandTimeout(String message) {
        super(message);
    }
}
