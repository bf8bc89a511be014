package dev.bollard.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The lock an applying run takes on each host, so that two runs never interleave their changes
 * there. It is taken by the run's first command to the host (see {@link LockScript}); a second run
 * waits for it up to {@link Settings#waitFor()}, then leaves that host with {@link HostLocked},
 * which names the holder. A lock still held for a run of this control machine whose process is
 * gone (the machine slept or rebooted while its connection stayed open on the host) is taken over,
 * with a warning. Check mode and verify change nothing and take no lock.
 */
public final class HostLock {
    /** What every host's lock in a run shares: who this run is, how long to wait, where warnings go. */
    public record Settings(LockHolder me, Duration waitFor, Consumer<String> warnings) {
    }

    /** Sends the first command with the lock script before it, and the takeover when one is needed. */
    public interface Sender {
        ExecResult withLock(String lockScript) throws ConnectionException, ModuleFailure;

        ExecResult plain(String script) throws ConnectionException, ModuleFailure;
    }

    /** SETTLED: the lock is held (by this command's holder, or another name of the same host in this run), or cannot be had. */
    private enum State { PENDING, SETTLED, REFUSED }

    private final String host;
    private final Settings settings;
    private final boolean local;
    private State state = State.PENDING;
    private String refusal;

    /** {@code local}: the host is this machine, so the holder is a process here and outlives this one only. */
    public HostLock(String host, Settings settings, boolean local) {
        this.host = host;
        this.settings = settings;
        this.local = local;
    }

    /** Whether the next command must still take the lock (or report why it could not). */
    public synchronized boolean pending() {
        return state == State.PENDING || state == State.REFUSED;
    }

    /** Seconds the first command may spend waiting for the lock on the host. */
    public long waitSeconds() {
        return Math.max(0, settings.waitFor().toSeconds());
    }

    /**
     * Sends the first command with the lock script before it and returns its result without the
     * lock's line. When the lock script did not get to run (sudo refused), the lock stays pending.
     */
    public synchronized ExecResult first(Sender sender) throws ConnectionException, ModuleFailure {
        if (state == State.REFUSED) throw new HostLocked(refusal);
        boolean tookOver = false;
        while (true) {
            long lifeline = local ? ProcessHandle.current().pid() : 0;
            ExecResult r = sender.withLock(LockScript.acquire(settings.me(), waitSeconds(), lifeline));
            Marker m = Marker.find(r);
            if (m == null) return r;
            r = m.result();
            switch (m.kind()) {
                case "held", "ours" -> {
                    state = State.SETTLED;
                    return r;
                }
                case "none" -> {
                    state = State.SETTLED;
                    settings.warnings().accept(host + ": no host lock (" + m.rest() + "); this run is not kept apart from other runs on "
                            + host);
                    return r;
                }
                default -> {
                    Optional<LockHolder> other = LockHolder.parse(m.rest());
                    if (!tookOver && other.isPresent() && other.get().holder() > 0 && other.get().goneFrom(settings.me())
                            && sender.plain(LockScript.takeOver(other.get().holder())).stdout().contains("freed")) {
                        tookOver = true;
                        settings.warnings().accept(host + ": took over the host lock left by " + other.get().describe()
                                + ": that process no longer runs on this machine");
                        continue;
                    }
                    state = State.REFUSED;
                    refusal = busy(other);
                    throw new HostLocked(refusal);
                }
            }
        }
    }

    private String busy(Optional<LockHolder> other) {
        String who = other.map(LockHolder::describe).orElse("holder unknown: " + LockScript.DIR + "/holder is missing or unreadable");
        String free = other.filter(o -> o.holder() > 0)
                .map(o -> local ? "; if that run is gone, free the lock with: kill " + o.holder() + " (its holder on this machine)"
                        : "; if that run is gone, its connection is still open on " + host + ": the lock is freed when sshd drops it,"
                        + " or at once with: kill " + o.holder() + " (on " + host + ")")
                .orElse("");
        return host + " is locked by another Bollard run (" + who + "); waited " + waitSeconds() + " s (--lock-wait)" + free;
    }

    /**
     * At the end of the run. On a remote host the lock ends with the connection; a local host's holder
     * would outlive the run (it waits for this process), so it is ended here: the one the holder line
     * names when that line has this run's token, whatever this object learnt (a command may have
     * taken the lock and then failed before its answer was read).
     */
    public synchronized void release() {
        if (!local) return;
        try {
            LockHolder.parse(java.nio.file.Files.readString(java.nio.file.Path.of(LockScript.DIR, "holder")))
                    .filter(h -> h.token().equals(settings.me().token()) && h.holder() > 0)
                    .flatMap(h -> ProcessHandle.of(h.holder())).ifPresent(ProcessHandle::destroy);
        } catch (java.io.IOException e) {
            // no holder line: nothing of this run to end
        }
    }

    /** The lock script's line in a command's stderr. */
    private record Marker(String kind, String rest, ExecResult result) {
        static Marker find(ExecResult r) {
            String err = r.stderr();
            int at = err.startsWith(LockScript.MARK) ? 0 : err.indexOf("\n" + LockScript.MARK) + 1;
            if (at < 0 || !err.startsWith(LockScript.MARK, at)) return null;
            int end = err.indexOf('\n', at);
            String line = err.substring(at + LockScript.MARK.length(), end < 0 ? err.length() : end);
            int space = line.indexOf(' ');
            String kind = space < 0 ? line : line.substring(0, space);
            String rest = space < 0 ? "" : line.substring(space + 1);
            String left = err.substring(0, at) + (end < 0 ? "" : err.substring(end + 1));
            return new Marker(kind, rest, new ExecResult(r.rc(), r.out(), left));
        }
    }
}
