package dev.bollard.cli;

import dev.bollard.engine.Runner;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during a run. The first one asks the runner to start no more tasks and says which hosts
 * are mid-task; the run then ends with its recap and exit code 130. A second one aborts at once
 * (exit 130): a file being written is still renamed whole or not at all, but a step may be left
 * half-done, which the message says.
 */
final class Interrupts implements AutoCloseable {
    private final SignalHandler previous;
    private final boolean installed;

    private Interrupts(SignalHandler previous, boolean installed) {
        this.previous = previous;
        this.installed = installed;
    }

    static Interrupts during(Supplier<Runner> runner, PrintStream err) {
        AtomicInteger count = new AtomicInteger();
        try {
            SignalHandler previous = Signal.handle(new Signal("INT"), sig -> {
                if (count.incrementAndGet() > 1 || runner.get() == null) {
                    err.println();
                    err.println("aborted (second Ctrl-C): steps under way were cut off; run again to finish the job");
                    err.flush();
                    Runtime.getRuntime().halt(Runner.EXIT_INTERRUPTED);
                }
                Map<String, String> busy = runner.get().interrupt();
                err.println();
                err.println("interrupted: no new task starts; " + (busy.isEmpty() ? "no host is mid-task"
                        : "waiting for the steps under way on " + describe(busy)) + " (Ctrl-C again to abort now)");
                err.flush();
            });
            return new Interrupts(previous, true);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT to catch here (another JVM owns it): the default behaviour stays
            return new Interrupts(null, false);
        }
    }

    private static String describe(Map<String, String> busy) {
        StringBuilder b = new StringBuilder();
        busy.forEach((host, task) -> b.append(b.length() == 0 ? "" : ", ").append(host).append(" (").append(task).append(")"));
        return b.toString();
    }

    @Override
    public void close() {
        if (installed && previous != null) Signal.handle(new Signal("INT"), previous);
    }
}
