package dev.bollard.cli;

import dev.bollard.engine.Connector;
import dev.bollard.engine.Secrets;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.spi.Become;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.HostLock;
import dev.bollard.spi.HostState;
import dev.bollard.spi.LocalConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hosts {@code bollard history} and {@code bollard rollback} work on, outside any playbook:
 * those named (or matched by a pattern), each over one connection, as root through sudo where
 * the inventory (or {@code -b}) says become, since the journal is root's.
 */
final class JournalHosts {
    /** One host reached: its state for commands, and how to become root there (null: the login is root, or no become). */
    record Target(Host host, HostState state, Become become) {
        /** The host's journal: {@code bollard_journal_dir} from -e or the inventory, else root's or the login user's own. */
        dev.bollard.journal.HostJournal journal(Map<String, Object> extraVars) {
            Object d = extraVars.containsKey(dev.bollard.journal.HostJournal.DIR_VARIABLE) ? extraVars.get(dev.bollard.journal.HostJournal.DIR_VARIABLE)
                    : host.vars().get(dev.bollard.journal.HostJournal.DIR_VARIABLE);
            ConnectionSettings c = host.connection();
            return new dev.bollard.journal.HostJournal(state, become, d == null ? null : String.valueOf(d),
                    dev.bollard.journal.HostJournal.isRoot(c.local() ? System.getProperty("user.name") : c.user()));
        }
    }

    /** Work on one reached host; a lost connection ends it. */
    interface Work<T> {
        T on(Target t) throws Exception;
    }

    /** What the work gave on a host, or why the host could not be worked on. */
    record Result<T>(T value, String unreachable, Exception failure) {
    }

    private JournalHosts() {
    }

    /** The hosts of {@code inv} that {@code names} (or, when none, {@code pattern}, or all) select. */
    static List<Host> select(Inventory inv, List<String> names, String pattern) throws InventoryException {
        if (names.isEmpty()) return inv.select(pattern == null ? "all" : pattern);
        List<Host> out = new ArrayList<>();
        for (String n : names) {
            List<Host> found = inv.select(n);
            if (found.isEmpty()) throw new InventoryException("no host or group '" + n + "' in the inventory");
            for (Host h : found) if (!out.contains(h)) out.add(h);
        }
        return out;
    }

    static Become root(Host h, String becomePassword) {
        ConnectionSettings c = h.connection();
        if (!c.become()) return null;
        String login = c.local() ? System.getProperty("user.name") : c.user();
        if ("root".equals(login)) return null;
        return new Become("root", c.becomePassword() != null ? c.becomePassword() : becomePassword);
    }

    /**
     * Runs {@code work} on every host, {@code forks} at a time; results in the hosts' order.
     * {@code lock}: the host lock an applying run takes, taken by the first command (null: none, for reads).
     */
    static <T> Map<Host, Result<T>> onEach(List<Host> hosts, int forks, Connector connector, Duration timeout, String becomePassword,
                                           Secrets secrets, HostLock.Settings lock, Work<T> work) {
        for (Host h : hosts) {
            secrets.add(h.connection().password());
            secrets.add(h.connection().becomePassword());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, hosts.size())), r -> {
            Thread t = new Thread(r, "bollard-host");
            t.setDaemon(true);
            return t;
        });
        Map<Host, Future<Result<T>>> running = new LinkedHashMap<>();
        for (Host h : hosts) running.put(h, pool.submit(() -> one(h, connector, timeout, becomePassword, lock, work)));
        Map<Host, Result<T>> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<Host, Future<Result<T>>> e : running.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    out.put(e.getKey(), new Result<>(null, null, x.getCause() instanceof Exception ex ? ex : new IllegalStateException(x.getCause())));
                }
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static <T> Result<T> one(Host h, Connector connector, Duration timeout, String becomePassword, HostLock.Settings lock,
                                     Work<T> work) {
        HostState state = null;
        try {
            state = new HostState(h.name(), connector.open(h), timeout);
            if (lock != null) state.lock(new HostLock(h.name(), lock, state.connection() instanceof LocalConnection));
            return new Result<>(work.on(new Target(h, state, root(h, becomePassword))), null, null);
        } catch (ConnectionException e) {
            return new Result<>(null, e.getMessage(), null);
        } catch (Exception e) {
            return new Result<>(null, null, e);
        } finally {
            if (state != null) state.connection().close();
        }
    }
}
