package dev.bollard.spi;

import java.util.Optional;

/**
 * The answer to "what would an earlier task have left here?": nothing predicted (ask the host),
 * predicted absent, or predicted present with what is known of it.
 */
public final class Predicted<T> {
    private static final Predicted<?> NONE = new Predicted<>(false, null);
    private static final Predicted<?> ABSENT = new Predicted<>(true, null);
    private final boolean known;
    private final T value;

    private Predicted(boolean known, T value) {
        this.known = known;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> Predicted<T> none() {
        return (Predicted<T>) NONE;
    }

    @SuppressWarnings("unchecked")
    public static <T> Predicted<T> absent() {
        return (Predicted<T>) ABSENT;
    }

    public static <T> Predicted<T> present(T value) {
        if (value == null) throw new IllegalArgumentException("a present prediction needs a value");
        return new Predicted<>(true, value);
    }

    /** Whether an earlier task predicted anything here. */
    public boolean known() {
        return known;
    }

    public boolean isPresent() {
        return known && value != null;
    }

    public boolean isAbsent() {
        return known && value == null;
    }

    /** What is predicted present; empty when absent or not predicted. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    @Override
    public String toString() {
        return !known ? "not predicted" : value == null ? "predicted absent" : "predicted " + value;
    }
}
