package dev.bollard.journal;

/**
 * How many journal entries a host keeps: at most {@code keep} runs, none older than
 * {@code maxAgeDays}. Pruned when an entry is written; the entry just written always stays.
 */
public record Retention(int keep, int maxAgeDays) {
    public static final Retention DEFAULT = new Retention(50, 90);

    public Retention {
        if (keep < 1) throw new IllegalArgumentException("the journal keeps at least 1 run (journal keep is " + keep + ")");
        if (maxAgeDays < 1) throw new IllegalArgumentException("the journal keeps runs at least 1 day (journal max age is " + maxAgeDays + ")");
    }
}
