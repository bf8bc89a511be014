package dev.bollard.spi;

/**
 * The shell side of {@link HostLock}. The lock is {@code flock} on the directory {@link #DIR}, taken
 * in a subshell that runs before the run's first command (no round trip of its own) and handed to a
 * small process left behind on the host, which holds it while the process serving the run's
 * connection lives: the sshd of the connection, or the control process itself for a local one.
 * When the run ends, or is killed, that process exits and the lock is free a moment later; nothing
 * is left that the next run has to clean up. The outcome is one line on stderr, {@link #MARK}
 * followed by {@code held HOLDER_PID}, {@code ours} (this run holds it already, through another
 * inventory name of the same host), {@code none REASON} or {@code busy RECORD}; the command does
 * not run when the lock is busy (exit {@link #BUSY}).
 */
final class LockScript {
    static final String DIR = "/var/lock/bollard";
    static final String MARK = "@bollard-lock ";
    static final int BUSY = 75;

    private LockScript() {
    }

    /**
     * Runs before a command, in its shell. {@code lifeline}: the pid the holder outlives none of,
     * or 0 to find the sshd process serving this connection among the shell's ancestors. A busy
     * lock is looked at again after 0.2 s even with no wait: another name of the same host in this
     * run may have taken it a moment before writing its holder line.
     */
    static String acquire(LockHolder me, long waitSeconds, long lifeline) {
        String d = DIR;
        return "( umask 0; d=" + d + "; exec >/dev/null\n"
                + "[ -d $d ] || mkdir -p $d 2>/dev/null\n"
                + "if [ ! -d $d ] || [ ! -r $d ]; then echo '" + MARK + "none cannot create " + d + "' >&2; exit 0; fi\n"
                + "command -v flock >/dev/null || { echo '" + MARK + "none flock is not installed (util-linux)' >&2; exit 0; }\n"
                + (lifeline > 0 ? "p=" + lifeline + "\n" : SSHD)
                + "exec 9<$d\n"
                + "if ! flock -n 9; then\n"
                + "  n=0\n"
                + "  while :; do\n"
                + "    r=; read -r r <$d/holder 2>/dev/null\n"
                + "    case $r in *' token=" + me.token() + " '*) echo '" + MARK + "ours' >&2; exit 0;; esac\n"
                + "    [ $n -lt " + Math.max(1, waitSeconds * 5) + " ] || { echo \"" + MARK + "busy $r\" >&2; exit " + BUSY + "; }\n"
                + "    flock -w 0.2 9 && break\n"
                + "    n=$((n+1))\n"
                + "  done\n"
                + "fi\n"
                + record(me, "0")
                + HOLDER
                + record(me, "$!")
                + "echo \"" + MARK + "held $!\" >&2\n"
                + ") || exit " + BUSY + "\n";
    }

    /**
     * The holder line; written as soon as the lock is taken (the holder's pid not known yet), so that
     * another inventory name of the same host in this run finds this run's token at once.
     */
    private static String record(LockHolder me, String holder) {
        return "printf '%s holder=%s %s\\n' " + Shell.quote(me.head()) + " " + holder + " " + Shell.quote(me.tail()) + " >$d/holder 2>/dev/null\n";
    }

    /**
     * The sshd process of this connection ({@code p}): the first ancestor named sshd (sshd-session
     * since OpenSSH 9.8) or dropbear. It exits when the connection closes, whatever ends it.
     */
    private static final String SSHD = "p=; x=$$\n"
            + "while [ \"$x\" -gt 1 ] 2>/dev/null && read -r l </proc/$x/stat; do\n"
            + "  c=${l#*\\(}; c=${c%\\)*}\n"
            + "  case $c in sshd*|dropbear*) p=$x; break;; esac\n"
            + "  set -- ${l##*\\) }; x=$2\n"
            + "done\n"
            + "[ -n \"$p\" ] || { echo '" + MARK + "none cannot tell which process serves this SSH connection' >&2; exit 0; }\n";

    /**
     * The process that keeps the lock (fd 9) while {@code p} lives: GNU tail waiting on --pid, which
     * checks five times a second without starting a process each time; one process, so that ending
     * it (a takeover, or the end of a local run) frees the lock.
     */
    private static final String HOLDER = "tail -s 0.2 -f --pid=$p /dev/null </dev/null >/dev/null 2>&1 &\n";

    /** Ends the holder process {@code pid} if it still holds the lock; prints {@code freed} when it did. */
    static String takeOver(long pid) {
        return "if [ /proc/" + pid + "/fd/9 -ef " + DIR + " ] && kill " + pid + "; then echo freed; fi";
    }
}
