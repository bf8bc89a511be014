package dev.bollard.spi;

import java.time.Duration;

/**
 * A way to run commands on one host. The engine keeps one per host for a whole run;
 * modules never see how it is made (SSH, local process).
 */
public interface Connection extends AutoCloseable {

    /**
     * Runs {@code script} with {@code sh -c}, feeding {@code stdin} (may be empty) and waiting at most
     * {@code timeout}. A non-zero exit is a normal result; only a broken connection or a timeout throws.
     */
    ExecResult exec(String script, byte[] stdin, Duration timeout) throws ConnectionException;

    /**
     * As above, keeping at most the last {@code keep} bytes of each output stream (after a line
     * saying how much was dropped): for commands whose output is not data to parse, so that one
     * printing gigabytes cannot exhaust the control machine's memory.
     */
    default ExecResult exec(String script, byte[] stdin, Duration timeout, int keep) throws ConnectionException {
        return exec(script, stdin, timeout);
    }

    /** A short description for messages: {@code ssh deploy@10.0.0.5:22} or {@code local}. */
    String describe();

    @Override
    void close();
}
