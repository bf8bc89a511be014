package dev.bollard.engine;

import dev.bollard.inventory.Host;
import dev.bollard.spi.HostState;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One host's side of a run: its connection state (opened on first use), the variables its tasks
 * registered or set, the facts modules returned, the handlers it notified, whether it is still in
 * the play, and its recap. Only one task runs on a host at a time; other hosts' tasks read the
 * variables and facts through {@code hostvars}, hence the synchronized map and the immutable facts.
 */
final class HostRun {
    final Host host;
    /** Held while a task uses {@link #state}: the host's own, or another host's delegated to it. */
    final Object lock = new Object();
    HostState state;
    /**
     * Every connection opened to the host, by its settings: the first is {@link #state}; a task whose
     * {@code remote_user} or connection variables differ from the inventory's gets its own (one per user).
     */
    final Map<dev.bollard.inventory.ConnectionSettings, HostState> states = new LinkedHashMap<>();
    /** Registered results and set_fact values. */
    final Map<String, Object> facts = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** The host's facts, kept for the whole run; replaced whole, never changed in place. */
    private volatile HostFacts hostFacts = new HostFacts(Map.of(), Map.of());
    /** Whether a play gathered this host's facts already: the next play does not gather again. */
    boolean gathered;
    final Set<String> notified = new LinkedHashSet<>();
    /** Handlers an earlier run notified and did not run, as the host keeps them; and those of this run left so. */
    final PendingHandlers pending = new PendingHandlers();
    /** While a handler runs here because an earlier run left it pending: that run, for the result's message. */
    volatile String pendingFrom;
    /** Whether the last task (or loop item) run here changed the host (not in check mode): see {@link ReadAhead}. */
    boolean lastChanged;
    boolean failed;
    boolean unreachable;
    /** Why the host was found unreachable (the first time), for verify's report of what was not checked. */
    String unreachableBecause;
    int ok;
    int changed;
    int failures;
    int skipped;
    int unreachables;
    /** Failures a block's rescue took care of. */
    int rescued;
    /** What each task did here, for the run journal (only an applying run keeps one). */
    final java.util.List<dev.bollard.journal.TaskRecord> journal = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /**
     * The entry the host's last batch wrote to its journal as its last step, as that batch predicted
     * it (see {@link RunJournal#ahead}); null when no batch wrote one. Not written again at the end
     * when the entry comes out the same.
     */
    volatile byte[] journalAhead;
    /** In verify: the entry this run compares with for drift, read as its own entry was written; {@link #NO_BASELINE} when none. */
    volatile dev.bollard.journal.JournalEntry baseline;
    static final dev.bollard.journal.JournalEntry NO_BASELINE = new dev.bollard.journal.JournalEntry(null, null, null, null, null, null,
            null, null, java.util.List.of());
    /** In verify: the results that did not hold here, by task and item, for the drift's evidence. */
    final Map<String, TaskResult> notHolding = new java.util.concurrent.ConcurrentHashMap<>();
    /** How a task of this run became root here, if one did: the journal is written the same way. */
    volatile dev.bollard.spi.Become rootBecome;
    /** Where this host stands in the blocks it failed in. */
    final Map<dev.bollard.playbook.Block, BlockFlow.State> blocks = new java.util.HashMap<>();

    HostRun(Host host) {
        this.host = host;
    }

    String name() {
        return host.name();
    }

    /** Keeps a verify result that did not hold (each loop item on its own). */
    void verified(TaskResult r) {
        if (r.items().isEmpty()) {
            if (r.failed() && !r.ignored()) notHolding.put(key(r), r);
            return;
        }
        for (TaskResult i : r.items()) verified(i);
    }

    /** As {@link dev.bollard.journal.TaskRecord#key} words it. */
    static String key(TaskResult r) {
        return (r.location() == null ? r.task() : r.location()) + "\u0000" + (r.item() == null ? "" : r.item());
    }

    /**
     * Facts as modules returned them under {@code ansible_facts} ({@code ansible_distribution},
     * {@code packages}), and as the {@code ansible_facts} variable shows them (worked out once per
     * change rather than once per task).
     */
    private record HostFacts(Map<String, Object> returned, Map<String, Object> namespaced) {
    }

    /** Adds the host's facts to a task's variables, as Ansible shows them. */
    void addFactsTo(Map<String, Object> vars) {
        HostFacts f = hostFacts;
        FactVars.addTo(vars, f.returned(), f.namespaced());
    }

    /** Adds what a module returned under {@code ansible_facts}; a name given again is replaced, as in Ansible. */
    void addFacts(Map<?, ?> more) {
        Map<String, Object> next = new LinkedHashMap<>(hostFacts.returned());
        more.forEach((k, v) -> next.put(String.valueOf(k), v));
        hostFacts = new HostFacts(java.util.Collections.unmodifiableMap(next),
                java.util.Collections.unmodifiableMap(FactVars.namespaced(next)));
    }

    /** A copy of the registered and set variables, safe to take while this host's task runs. */
    Map<String, Object> variables() {
        synchronized (facts) {
            return new LinkedHashMap<>(facts);
        }
    }

    /** Commands sent and the time they took, over all of the host's connections. */
    int roundTrips() {
        return states.values().stream().mapToInt(HostState::roundTrips).sum();
    }

    long roundTripMillis() {
        return states.values().stream().mapToLong(s -> s.roundTripTime().toMillis()).sum();
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
                if (unreachableBecause == null) unreachableBecause = r.msg();
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
