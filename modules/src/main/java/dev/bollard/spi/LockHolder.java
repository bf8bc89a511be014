package dev.bollard.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Who holds a host's lock: the run's user and control machine, its process and when that process
 * started, the playbook, a token telling two runs in one process apart, and the process on the
 * host that holds the lock ({@code holder}, 0 until it is known). Written on the host as one line,
 * {@code by=USER@HOST pid=N started=INSTANT token=T holder=N playbook=PATH}, for the next run to read.
 */
public record LockHolder(String user, String controlHost, long pid, Instant started, String token, long holder, String playbook) {

    /** This process, running {@code playbook}, with a token of its own. */
    public static LockHolder of(String playbook) {
        byte[] b = new byte[8];
        ThisProcess.RANDOM.nextBytes(b);
        return new LockHolder(ThisProcess.USER, ThisProcess.MACHINE, ThisProcess.PID, ThisProcess.STARTED,
                java.util.HexFormat.of().formatHex(b), 0, playbook);
    }

    /**
     * Readies what {@link #of} needs about this process (its start time, the machine's name, a seeded
     * random source, the date format a record is written in), so a run's start can do it on another
     * core while the command line is read.
     */
    public static void prepare() {
        ThisProcess.STARTED.toString();
    }

    private static final class ThisProcess {
        static final String USER = System.getProperty("user.name");
        static final String MACHINE = thisMachine();
        static final long PID = ProcessHandle.current().pid();
        static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        static final java.security.SecureRandom RANDOM = seeded();

        private static java.security.SecureRandom seeded() {
            java.security.SecureRandom r = new java.security.SecureRandom();
            r.nextBytes(new byte[8]);
            return r;
        }
    }

    /** The fields before {@code holder=}, as the host writes them (the holder's pid is only known there). */
    String head() {
        return "by=" + word(user) + "@" + word(controlHost) + " pid=" + pid + " started=" + started + " token=" + token;
    }

    /** The field after {@code holder=}: the rest of the line. */
    String tail() {
        return "playbook=" + playbook.replace('\n', '?');
    }

    /** The record a host printed, or empty when it is not one (missing, or written by something else). */
    static Optional<LockHolder> parse(String line) {
        String s = line.strip();
        int at = s.indexOf(" playbook=");
        if (!s.startsWith("by=") || at < 0) return Optional.empty();
        String[] f = s.substring(0, at).split(" ");
        if (f.length != 5) return Optional.empty();
        try {
            String by = value(f[0], "by=");
            int sep = by.lastIndexOf('@');
            return Optional.of(new LockHolder(by.substring(0, Math.max(0, sep)), by.substring(sep + 1), Long.parseLong(value(f[1], "pid=")),
                    Instant.parse(value(f[2], "started=")), value(f[3], "token="), Long.parseLong(value(f[4], "holder=")),
                    s.substring(at + " playbook=".length())));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this record was left by a run that is gone: one from {@code me}'s control machine whose
     * process is no longer running (or whose pid now belongs to a process started at another time).
     * A run on another machine cannot be checked from here.
     */
    boolean goneFrom(LockHolder me) {
        if (!controlHost.equals(me.controlHost)) return false;
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return true;
        Optional<Instant> start = p.get().info().startInstant();
        return start.isPresent() && Duration.between(start.get(), started).abs().toMillis() > 1000;
    }

    /** For messages: {@code root@ctl, pid 4242, started 2025-01-01T10:00:00Z, playbook site.yml}. */
    String describe() {
        return user + "@" + controlHost + ", pid " + pid + ", started " + started + ", playbook " + playbook;
    }

    private static String value(String field, String key) {
        if (!field.startsWith(key)) throw new IllegalArgumentException(field);
        return field.substring(key.length());
    }

    /** One word of the record: no spaces, no @ in a host name. */
    private static String word(String s) {
        String w = s == null || s.isBlank() ? "?" : s.strip().replaceAll("\\s", "_");
        return w;
    }

    /** The control machine's name, without a DNS lookup (which can take seconds where DNS is slow). */
    private static String thisMachine() {
        try {
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) return name;
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
