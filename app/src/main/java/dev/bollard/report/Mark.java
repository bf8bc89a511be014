package dev.bollard.report;

/**
 * A cell of a report file: a control's status on a host (verify), or a task's outcome there
 * (verify of a task that names no control, apply, check). {@link #key} is how the files write
 * it (a CSS class, a data attribute); {@link #word} is how people read it.
 */
public enum Mark {
    HOLDS("holds", "holds", Outcome.PASS),
    FAILS("fails", "fails", Outcome.FAIL),
    /** Held at the last verify or converged apply, not now. */
    DRIFTED("drifted", "drifted", Outcome.FAIL),
    NOT_APPLICABLE("not_applicable", "not applicable", Outcome.SKIP),
    NOT_CHECKED("not_checked", "not checked", Outcome.SKIP),
    OK("ok", "ok", Outcome.PASS),
    CHANGED("changed", "changed", Outcome.PASS),
    WOULD_CHANGE("would_change", "would change", Outcome.PASS),
    FAILED("failed", "failed", Outcome.FAIL),
    SKIPPED("skipped", "skipped", Outcome.SKIP),
    UNREACHABLE("unreachable", "unreachable", Outcome.ERROR),
    NOT_RUN("not_run", "did not run", Outcome.SKIP);

    /** How a CI system counts it: passed, failed (the check said no), error (it could not be run), skipped. */
    public enum Outcome { PASS, FAIL, ERROR, SKIP }

    public final String key;
    public final String word;
    public final Outcome outcome;

    Mark(String key, String word, Outcome outcome) {
        this.key = key;
        this.word = word;
        this.outcome = outcome;
    }

    /** Whether people should look at it first: a failure or a host that could not be reached. */
    public boolean bad() {
        return outcome == Outcome.FAIL || outcome == Outcome.ERROR;
    }

    static Mark of(ControlsReport.Verdict v) {
        return switch (v) {
            case HOLDS -> HOLDS;
            case FAILS -> FAILS;
            case DRIFTED -> DRIFTED;
            case NOT_APPLICABLE -> NOT_APPLICABLE;
            case NOT_CHECKED -> NOT_CHECKED;
        };
    }
}
