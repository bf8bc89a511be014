package dev.bollard.modules.storage;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scripts the storage modules send: reads that a plan lists as {@link Probe}s (so the engine
 * can fetch them for several tasks at once) and reads back through {@link TaskContext#query}, and
 * the commands of their steps. Both run with LVM's environment: C locale, no warnings about
 * inherited file descriptors, nothing on stdin.
 */
final class StorageScripts {
    private static final String ENV = "export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1; ";
    private static final String RC = "@rc ";

    private StorageScripts() {
    }

    /**
     * A read as it goes to the host: stderr folded into the output, and the exit code on a last
     * line, so the read itself always succeeds and is answered from a batch even when the command
     * fails (a missing device, LVM not installed).
     */
    static String read(String command) {
        return ENV + "{ " + command + " ; } 2>&1; echo \"" + RC + "$?\"";
    }

    /** The probe for a read, for {@code Module.probes}. */
    static Probe probe(String command) {
        return Probe.query(read(command));
    }

    /**
     * Fetches in one round trip those of a plan's reads that are not answered yet: none when the
     * engine prefetched them, all of them when a plan runs on its own (a verify after a change).
     */
    static void fetch(TaskContext ctx, List<Probe> probes) throws ConnectionException, ModuleFailure {
        ctx.state().prefetch(probes, ctx.become());
    }

    /** Runs a read (or takes its answer from a batch already fetched). */
    static Output query(TaskContext ctx, String command) throws ConnectionException, ModuleFailure {
        ExecResult r = ctx.query(read(command));
        String out = r.stdout();
        int at = out.lastIndexOf(RC);
        if (!r.ok() || at < 0 || (at > 0 && out.charAt(at - 1) != '\n')) {
            throw new ModuleFailure("unexpected answer while reading storage facts on " + ctx.hostName() + ": " + r.firstErrorLine());
        }
        try {
            return new Output(Integer.parseInt(out.substring(at + RC.length()).strip()), out.substring(0, at));
        } catch (NumberFormatException e) {
            throw new ModuleFailure("unexpected answer while reading storage facts on " + ctx.hostName() + ": " + r.firstErrorLine());
        }
    }

    /** A step running {@code command}, described as the command itself. */
    static ScriptStep step(String command) {
        return step(command, s -> { });
    }

    /** A step running {@code command} that leaves {@code prediction} behind in check mode. */
    static ScriptStep step(String command, Consumer<HostState> prediction) {
        return new ScriptStep(command, ENV + command + " </dev/null", prediction);
    }

    /** One read's answer: its exit code and its output, stderr included. */
    record Output(int rc, String out) {
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) lines.add(l.strip());
            }
            return lines;
        }

        /** The first line that is not a warning, for an error message. */
        String error() {
            for (String l : lines()) {
                if (!l.startsWith("WARNING")) return l;
            }
            return "exit code " + rc;
        }
    }
}
