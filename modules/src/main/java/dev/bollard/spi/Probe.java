package dev.bollard.spi;

/**
 * One read a module's plan will make: a file with its content, a path's type and mode only, or
 * the output of a command that only reads. Modules list them in {@link Module#probes} so the
 * engine can fetch what several tasks need in one round trip; a probe is a hint, never a
 * substitute for the read itself, which still happens when nothing was fetched.
 */
public record Probe(Kind kind, String target) {

    public enum Kind { READ, STAT, QUERY }

    public static Probe read(String path) {
        return new Probe(Kind.READ, path);
    }

    public static Probe stat(String path) {
        return new Probe(Kind.STAT, path);
    }

    /** A command that changes nothing, answered through {@link TaskContext#query}. */
    public static Probe query(String script) {
        return new Probe(Kind.QUERY, script);
    }

    // written out: a record's generated equals and hashCode are bootstrapped on first use, which
    // every run's read-ahead paid
    @Override
    public boolean equals(Object o) {
        return o instanceof Probe p && kind == p.kind && java.util.Objects.equals(target, p.target);
    }

    @Override
    public int hashCode() {
        return 31 * kind.ordinal() + java.util.Objects.hashCode(target);
    }
}
