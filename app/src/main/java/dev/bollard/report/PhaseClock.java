package dev.bollard.report;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the time of a run goes, for whoever tunes its start: with {@code BOLLARD_TIMINGS=1} in the
 * environment each phase's end is printed to stderr as {@code timing <ms since the launcher started>
 * <ms since the previous mark> <phase>}. Off, a mark costs one field read.
 */
public final class PhaseClock {
    private static final boolean ON = "1".equals(System.getenv("BOLLARD_TIMINGS"));
    private static final PrintStream ERR = System.err;
    private static final AtomicBoolean FIRST_COMMAND = new AtomicBoolean();
    private static long start;
    private static long last;

    private PhaseClock() {
    }

    /** Marks the end of a phase. */
    public static synchronized void mark(String phase) {
        if (!ON) return;
        long now = System.currentTimeMillis();
        if (start == 0) {
            // the launcher notes when it started (the process's own start time is only known to 10 ms
            // after a boot time rounded to the second)
            String t0 = System.getenv("BOLLARD_TIMINGS_T0");
            start = t0 != null && t0.matches("\\d+") ? Long.parseLong(t0) : now;
            last = start;
        }
        ERR.printf("timing %5d %5d %s%n", now - start, now - last, phase);
        last = now;
    }

    /** Marks the end of the run's first command, on whichever host answers first. */
    public static void firstCommand() {
        if (ON && FIRST_COMMAND.compareAndSet(false, true)) mark("first command answered");
    }
}
