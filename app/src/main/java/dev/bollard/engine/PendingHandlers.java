package dev.bollard.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.spi.Become;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Handlers a run notified but did not run (a later task failed, the run was interrupted), kept on
 * the host in {@link #FILE} so that the next run runs them at the start of its handler phase, and
 * {@code verify} reports them as pending. The file is read by the run's first command to the host
 * (no round trip of its own) and written only when what is pending changes: a run with nothing
 * pending neither before nor after never writes it.
 */
final class PendingHandlers {
    static final String FILE = "/var/lib/bollard/pending-handlers.json";
    /** Where runs on this machine keep the file instead, when set (the tests' own folder). */
    static final String LOCAL_DIR = "bollard.localStateDir";

    /** The file on a host; on this machine, under {@link #LOCAL_DIR} when that is set. */
    static String file(HostState state) {
        String dir = System.getProperty(LOCAL_DIR);
        if (dir != null && state.connection() instanceof dev.bollard.spi.LocalConnection) return dir + "/pending-handlers.json";
        return FILE;
    }

    /** The notify names pending on one host, each with the run that notified it. */
    private final Map<String, String> topics = new LinkedHashMap<>();
    private final Map<String, String> onHost = new LinkedHashMap<>();
    private boolean read;

    /** Asks the host's first command to read the file too. */
    static void readWith(HostState state) {
        state.readWithNextCommand("cat " + Shell.quote(file(state)));
    }

    /** What the first command read, once it has been sent; the file's entries are kept as they were. */
    void load(HostState state) {
        if (read || state == null || state.sideRead() == null) return;
        read = true;
        String text = state.sideRead().strip();
        if (text.isEmpty()) return;
        try {
            JsonNode root = Json.mapper().readTree(text);
            for (JsonNode h : root.path("handlers")) {
                String run = h.path("run").asText("an earlier run");
                onHost.put(h.path("notify").asText(), run);
            }
        } catch (java.io.IOException e) {
            // a file not written by Bollard: treated as empty, and replaced by the next write
            onHost.put("", "");
        }
        onHost.forEach((k, v) -> {
            if (!k.isEmpty()) topics.put(k, v);
        });
    }

    /** The run each pending name came from, for the names a handler answers to. */
    Map<String, String> pendingFor(List<String> handlerNames) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : handlerNames) if (topics.containsKey(n)) out.put(n, topics.get(n));
        return out;
    }

    Set<String> names() {
        return new LinkedHashSet<>(topics.keySet());
    }

    /** The handler ran: what it answers to is no longer pending. */
    void ran(List<String> handlerNames) {
        handlerNames.forEach(topics::remove);
    }

    /** Names notified in this run and not run: pending from {@code run} from now on. */
    void add(Set<String> notified, String run) {
        for (String n : notified) topics.putIfAbsent(n, run);
    }

    /** Whether the file must be written (or removed) to say what is pending now. */
    boolean changed() {
        return !topics.equals(onHost);
    }

    /** Writes the file as root (or removes it when nothing is pending), atomically; the run's last command to the host. */
    ExecResult save(HostState state, Become root) throws dev.bollard.spi.ConnectionException, dev.bollard.spi.ModuleFailure {
        String file = file(state);
        if (topics.isEmpty()) return state.exec("rm -f " + Shell.quote(file), null, root);
        List<Map<String, String>> list = new ArrayList<>();
        topics.forEach((n, run) -> list.add(Map.of("notify", n, "run", run)));
        String json = Json.write(Map.of("handlers", list)) + "\n";
        String tmp = file + ".tmp";
        String dir = file.substring(0, file.lastIndexOf('/'));
        String script = "umask 022 && mkdir -p " + Shell.quote(dir) + " && cat > " + Shell.quote(tmp) + " && mv -f " + Shell.quote(tmp) + " " + Shell.quote(file);
        return state.exec(script, json.getBytes(StandardCharsets.UTF_8), root);
    }
}
