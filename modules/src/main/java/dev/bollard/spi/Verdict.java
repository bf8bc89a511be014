package dev.bollard.spi;

/** Whether a task's postcondition holds on a host, with the fact that shows it. */
public record Verdict(boolean holds, String detail) {
    public static Verdict holds(String detail) {
        return new Verdict(true, detail);
    }

    public static Verdict fails(String detail) {
        return new Verdict(false, detail);
    }
}
