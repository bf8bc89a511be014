package dev.bollard.expr;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * What Jinja sees for a name no variable has, as Ansible's strict undefined: only {@code is
 * defined}, {@code is undefined}, {@code default} and {@code mandatory} may look at it; printing
 * it, comparing it or testing its truth fails with {@link UndefinedError}.
 */
final class Undefined implements HasObjectTruthValue {
    private final String name;
    private final boolean attribute;
    private final String message;

    Undefined(String name) {
        this(name, false);
    }

    /** A key a mapping does not have ({@code attribute}), or a variable nobody defined. */
    Undefined(String name, boolean attribute) {
        this.name = name;
        this.attribute = attribute;
        this.message = null;
    }

    /** What a filter gives for "no value", such as {@code [] | first}: fails with {@code message} only where it is used. */
    Undefined(String message, Void unused) {
        this.name = "";
        this.attribute = true;
        this.message = message;
    }

    String name() {
        return name;
    }

    UndefinedError error() {
        if (message != null) return new UndefinedError(message, null, 0);
        return new UndefinedError(attribute ? "the mapping has no key '" + name + "'" : "undefined variable '" + name + "'", attribute ? null : name, 0);
    }

    @Override
    public boolean getObjectTruthValue() {
        throw error();
    }

    @Override
    public boolean equals(Object o) {
        throw error();
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        throw error();
    }

    /** Thrown where an undefined value is used; its message is the one the user sees. */
    static final class UndefinedError extends RuntimeException {
        private final String variable;
        private final int line;

        UndefinedError(String message, String variable, int line) {
            super(message);
            this.variable = variable;
            this.line = line;
        }

        /** The undefined variable's name, or null for a missing key. */
        String variable() {
            return variable;
        }

        int line() {
            return line;
        }

        UndefinedError at(int templateLine) {
            return line > 0 ? this : new UndefinedError(getMessage(), variable, templateLine);
        }
    }
}
