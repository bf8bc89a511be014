package dev.bollard.journal;

/** A journal that cannot be written or read; the message names the host and what to do. */
public final class JournalException extends Exception {
    public JournalException(String message) {
        super(message);
    }
}
