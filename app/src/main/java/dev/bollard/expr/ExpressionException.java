package dev.bollard.expr;

/**
 * An expression or template could not be evaluated. {@link #undefined()} names a missing
 * variable; {@link #line()} is the line in a template file, or 0.
 */
public class ExpressionException extends Exception {
    private final String undefined;
    private final int line;

    public ExpressionException(String message, String undefined) {
        this(message, undefined, 0);
    }

    public ExpressionException(String message, String undefined, int line) {
        super(message);
        this.undefined = undefined;
        this.line = line;
    }

    /** The top-level variable that was missing, or null when the error was of another kind. */
    public String undefined() {
        return undefined;
    }

    public int line() {
        return line;
    }
}
