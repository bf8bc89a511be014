package dev.bollard.spi;

import java.time.Duration;

/**
 * How a step that changes something runs on the host: under coreutils' {@code timeout}, which runs
 * it in a process group of its own and kills the whole group when time is up (TERM, then KILL a few
 * seconds later), and tied to its SSH channel. sshd gives a command without a terminal no signal
 * when the connection drops (the control side killed, the network gone), so a watcher beside the
 * script writes one NUL byte to stderr each second the script runs: once the channel is gone the
 * write fails, and the watcher stops the script's process group the same way. Nothing a step
 * started keeps running on the host after its task failed or its run died. The NUL bytes are
 * taken out of stderr again ({@link #clean}). Where {@code timeout} is missing the script runs
 * unlimited on the host and the connection's own wait still ends the task.
 */
public final class TimeLimit {
    /** Seconds between TERM and KILL. */
    public static final int KILL_AFTER = 5;
    private static final String PREFIX = "exec 3<&0; $(command -v timeout >/dev/null && echo timeout -k " + KILL_AFTER + " ";
    private static final String MIDDLE = ") sh -c ";
    /**
     * The script gets the channel's stdin through fd 3 (a background job would get /dev/null); the
     * watcher's sleep keeps no descriptor of the channel, or sshd would wait for it to end.
     */
    private static final String SUFFIX = " 0<&3 3<&- & c=$!; exec 3<&-\n"
            + "( trap '' PIPE; while sleep 1 2>/dev/null; do printf '\\0' >&2 || break; done; kill -TERM $c 2>/dev/null ) >/dev/null & w=$!\n"
            + "wait $c; r=$?; kill $w 2>/dev/null; exit $r";

    private TimeLimit() {
    }

    /**
     * The script under the limit: the command line holds only the wrapper, the script itself goes
     * first on the standard input (see {@link ScriptOnStdin}), where the limited shell reads it.
     */
    public static ScriptOnStdin.Fed wrap(String script, Duration limit) {
        ScriptOnStdin.Fed inner = ScriptOnStdin.of(script);
        return new ScriptOnStdin.Fed(PREFIX + Math.max(1, limit.toSeconds()) + MIDDLE + Shell.quote(inner.line()) + SUFFIX, inner.ahead());
    }

    /** A result without the watcher's bytes. */
    public static ExecResult clean(ExecResult r) {
        return r.stderr().indexOf('\0') < 0 ? r : new ExecResult(r.rc(), r.out(), r.stderr().replace("\0", ""));
    }

    /** Whether an exit code is {@code timeout}'s own for a command it had to stop. */
    public static boolean killed(int rc) {
        return rc == 124 || rc == 137;
    }
}
