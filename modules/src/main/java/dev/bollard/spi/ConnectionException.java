package dev.bollard.spi;

/** The host could not be reached, or the connection broke or timed out mid-command. */
public class ConnectionException extends Exception {
    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
