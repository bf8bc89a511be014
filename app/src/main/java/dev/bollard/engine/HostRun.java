package dev.bollard.engine;

import dev.bollard.inventory.Host;
import dev.bollard.spi.HostState;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One host's side of a run: its connection state (opened on first use), the variables its tasks
 * registered or set, the handlers it notified, whether it is still in the play, and its recap.
 * Only one task runs on a host at a time, so none of this needs locking.
 */
final class HostRun {
    final Host host;
    HostState state;
    final Map<String, Object> facts = new LinkedHashMap<>();
    final Set<String> notified = new LinkedHashSet<>();
    /** Whether the last task (or loop item) run here changed the host (not in check mode): see {@link ReadAhead}. */
    boolean lastChanged;
    boolean failed;
    boolean unreachable;
    int ok;
    int changed;
    int failures;
    int skipped;
    int unreachables;
    /** Failures a block's rescue took care of. */
    int rescued;
    /** Where this host stands in the blocks it failed in. */
    final Map<dev.bollard.playbook.Block, BlockFlow.State> blocks = new java.util.HashMap<>();

    HostRun(Host host) {
        this.host = host;
    }

    String name() {
        return host.name();
    }

    boolean active() {
        return !failed && !unreachable;
    }

    /** Counts a result; {@code keepGoing} (verify mode) keeps a host whose postcondition failed in the play. */
    void count(TaskResult r, boolean keepGoing) {
        switch (r.status()) {
            case OK -> ok++;
            case CHANGED -> changed++;
            case SKIPPED -> skipped++;
            case UNREACHABLE -> {
                unreachables++;
                unreachable = true;
            }
            case FAILED -> {
                if (r.ignored()) {
                    ok++;
                } else {
                    failures++;
                    failed = !keepGoing;
                }
            }
        }
    }
}
