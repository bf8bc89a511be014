package dev.bollard.cli;

import dev.bollard.journal.Retention;
import picocli.CommandLine.Option;

/**
 * How many runs each host's journal keeps: {@code --journal-keep} and {@code --journal-max-age},
 * else ansible.cfg's {@code [bollard]} {@code journal_keep} and {@code journal_max_age}, else
 * 50 runs and 90 days.
 */
final class JournalOptions {
    @Option(names = "--journal-keep", paramLabel = "RUNS",
            description = "runs each host's journal keeps; older entries are pruned (default: ansible.cfg's [bollard] journal_keep, else "
                    + 50 + ")")
    Integer keep;

    @Option(names = "--journal-max-age", paramLabel = "DAYS",
            description = "entries older than this are pruned (default: ansible.cfg's [bollard] journal_max_age, else " + 90 + ")")
    Integer maxAge;

    Retention retention(AnsibleConfig cfg) throws AnsibleConfig.ConfigException, HostOptions.Unusable {
        int k = keep != null ? keep : cfg.integer("bollard", "journal_keep", 1).orElse(Retention.DEFAULT.keep());
        int days = maxAge != null ? maxAge : cfg.integer("bollard", "journal_max_age", 1).orElse(Retention.DEFAULT.maxAgeDays());
        if (k < 1) throw new HostOptions.Unusable("--journal-keep must be at least 1 (the entry of this run is always kept)");
        if (days < 1) throw new HostOptions.Unusable("--journal-max-age must be at least 1 day");
        return new Retention(k, days);
    }
}
