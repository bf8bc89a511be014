package dev.bollard.expr;

/** An expression or template could not be evaluated. {@link #undefined()} names a missing variable. */
public class ExpressionException extends Exception {
    private final String undefined;

    public ExpressionException(String message, String undefined) {
        super(message);
        this.undefined = undefined;
    }

    /** The top-level variable that was missing, or null when the error was of another kind. */
    public String undefined() {
        return undefined;
    }
}
