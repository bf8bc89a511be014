package dev.bollard.report;

import dev.bollard.spi.Diff;
import java.time.Instant;
import java.util.List;

/**
 * A task (or loop item) that held on a host at the run a verify compares with, and does not hold
 * now: what drifted, since which run, and the files as they are now against what the playbook wants.
 *
 * @param since     the run compared with (its id), {@code sinceKind} {@code verify} or {@code apply}
 * @param now       why it does not hold now
 * @param diffs     each file as it is now (-) against what the playbook wants (+)
 * @param notes     what a reader needs beside the diff (a playbook that now wants other content)
 */
public record Drift(String task, String item, String location, String since, String sinceKind, Instant sinceTime, String now,
                    List<Diff> diffs, List<String> notes) {

    /** "task" or "task (item)". */
    public String title() {
        return item == null ? task : task + " (" + item + ")";
    }

    /** One line: what drifted since when. */
    public String headline() {
        return "held at " + sinceKind + " " + since + ", not now: " + now;
    }
}
