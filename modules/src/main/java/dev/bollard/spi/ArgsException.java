package dev.bollard.spi;

/** A module argument is missing, unknown or of the wrong type; names the key at fault. */
public class ArgsException extends Exception {
    private final String key;

    public ArgsException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The argument key at fault, or null when the problem is not one key's. */
    public String key() {
        return key;
    }
}
