package dev.bollard.playbook;

/** A playbook, task file or vars file is wrong; the message starts with file:line. */
public class PlaybookException extends Exception {
    public PlaybookException(String message) {
        super(message);
    }

    public PlaybookException(Location where, String message) {
        super(where + ": " + message);
    }
}
