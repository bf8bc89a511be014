package dev.bollard.spi;

/** The host could not be reached, or the connection broke or timed out mid-command. */
public class ConnectionException extends Exception {
    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What the command printed on stdout before the connection broke, when known; null otherwise. */
    private byte[] partialOutput;

    public byte[] partialOutput() {
        return partialOutput;
    }

    /** The same exception, with what the command had printed on stdout when the connection broke. */
    public ConnectionException withPartialOutput(byte[] out) {
        this.partialOutput = out;
        return this;
    }
}
