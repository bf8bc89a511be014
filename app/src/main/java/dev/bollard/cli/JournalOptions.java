package dev.bollard.cli;

import dev.bollard.journal.Retention;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How many runs each host's journal keeps: {@code --journal-keep} and {@code --journal-max-age},
 * else ansible.cfg's {@code [bollard]} {@code journal_keep} and {@code journal_max_age}, else
 * 50 runs and 90 days.
 */
final class JournalOptions {
    Integer keep;
    Integer maxAge;

    /** Adds these options to a command. */
    static void declare(CommandSpec spec) {
        spec.addOption(OptionSpecs.value(Integer.class, "RUNS", "runs each host's journal keeps; older entries are pruned "
                + "(default: ansible.cfg's [bollard] journal_keep, else " + Retention.DEFAULT.keep() + ")", "--journal-keep"));
        spec.addOption(OptionSpecs.value(Integer.class, "DAYS", "entries older than this are pruned (default: ansible.cfg's [bollard] "
                + "journal_max_age, else " + Retention.DEFAULT.maxAgeDays() + ")", "--journal-max-age"));
    }

    /** The options as parsed. */
    static JournalOptions read(ParseResult r) {
        JournalOptions o = new JournalOptions();
        o.keep = OptionSpecs.value(r, "--journal-keep", null);
        o.maxAge = OptionSpecs.value(r, "--journal-max-age", null);
        return o;
    }

    Retention retention(AnsibleConfig cfg) throws AnsibleConfig.ConfigException, HostOptions.Unusable {
        int k = keep != null ? keep : cfg.integer("bollard", "journal_keep", 1).orElse(Retention.DEFAULT.keep());
        int days = maxAge != null ? maxAge : cfg.integer("bollard", "journal_max_age", 1).orElse(Retention.DEFAULT.maxAgeDays());
        if (k < 1) throw new HostOptions.Unusable("--journal-keep must be at least 1 (the entry of this run is always kept)");
        if (days < 1) throw new HostOptions.Unusable("--journal-max-age must be at least 1 day");
        return new Retention(k, days);
    }
}
