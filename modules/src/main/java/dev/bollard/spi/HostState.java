package dev.bollard.spi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine keeps about one host for a run: its connection, the facts read so far,
 * and, in check mode, the state planned changes would leave behind (so a later plan reads
 * the predicted content of a file an earlier task would edit).
 */
public final class HostState {
    private final String name;
    private final Connection connection;
    private final Duration timeout;
    private final Map<String, Optional<RemoteFile>> files = new HashMap<>();
    private final Map<String, Optional<RemoteFile>> predictedFiles = new HashMap<>();
    private final Map<String, Object> predictions = new HashMap<>();
    private final Map<String, Boolean> sudoNeedsPassword = new HashMap<>();

    public HostState(String name, Connection connection, Duration timeout) {
        this.name = name;
        this.connection = connection;
        this.timeout = timeout;
    }

    public String name() {
        return name;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs a script, through sudo when {@code become} is set. A refusal by sudo is a failure. */
    public ExecResult exec(String script, byte[] stdin, Become become) throws ConnectionException, ModuleFailure {
        byte[] input = stdin == null ? new byte[0] : stdin;
        if (become == null) return connection.exec(script, input, timeout);
        boolean send = become.password() != null && needsPassword(become);
        ExecResult r = connection.exec(become.wrap(script, send), become.stdin(input, send), timeout);
        if (Become.sudoRefused(r)) {
            throw new ModuleFailure("sudo to " + become.user() + " refused on " + name + ": " + r.firstErrorLine()
                    + (become.password() == null && r.stderr().contains("password") ? " (set ansible_become_password or use --ask-become-pass)" : ""));
        }
        return r;
    }

    /** Asks once per become user whether sudo works without a password here. */
    private synchronized boolean needsPassword(Become become) throws ConnectionException {
        Boolean known = sudoNeedsPassword.get(become.user());
        if (known == null) {
            ExecResult probe = connection.exec(become.wrap("true", false), new byte[0], timeout);
            known = !probe.ok();
            sudoNeedsPassword.put(become.user(), known);
        }
        return known;
    }

    /** Type, mode and owner of a path (no content), or empty when nothing is there. */
    public Optional<RemoteFile> stat(String path, Become become) throws ConnectionException, ModuleFailure {
        Optional<RemoteFile> predicted = predictedFiles.get(path);
        if (predicted != null) return predicted;
        Optional<RemoteFile> cached = files.get(path);
        if (cached != null) return cached;
        Optional<RemoteFile> found = probe(path, false, become);
        files.put(path, found);
        return found;
    }

    /** Like {@link #stat} but with the content of a regular file. */
    public Optional<RemoteFile> read(String path, Become become) throws ConnectionException, ModuleFailure {
        Optional<RemoteFile> predicted = predictedFiles.get(path);
        if (predicted != null && (predicted.isEmpty() || predicted.get().hasContent() || !predicted.get().isFile())) {
            return predicted;
        }
        Optional<RemoteFile> cached = files.get(path);
        if (cached != null && (cached.isEmpty() || cached.get().hasContent() || !cached.get().isFile())) return cached;
        Optional<RemoteFile> found = probe(path, true, become);
        files.put(path, found);
        return found;
    }

    private Optional<RemoteFile> probe(String path, boolean withContent, Become become)
            throws ConnectionException, ModuleFailure {
        String p = Shell.quote(path);
        String script = "if [ -L " + p + " ] || [ -e " + p + " ]; then stat -c '%F|%a|%U|%G|%s' -- " + p
                + " && { readlink -- " + p + " || echo; }"
                + (withContent ? " && if [ -f " + p + " ]; then cat -- " + p + "; fi" : "")
                + "; else echo ABSENT; fi";
        ExecResult r = exec(script, null, become);
        if (!r.ok()) throw new ModuleFailure("cannot read " + path + " on " + name + ": " + r.firstErrorLine());
        return FileProbe.parse(path, r.out(), withContent);
    }

    /** What is already known of a path (predicted or read), without asking the host. */
    public Optional<RemoteFile> known(String path) {
        Optional<RemoteFile> predicted = predictedFiles.get(path);
        if (predicted != null) return predicted;
        Optional<RemoteFile> cached = files.get(path);
        return cached != null ? cached : Optional.empty();
    }

    /** Drops what was read from the host (not the predictions): the next read asks again. */
    public void forget() {
        files.clear();
    }

    public void forget(String path) {
        files.remove(path);
    }

    public void predictFile(RemoteFile file) {
        predictedFiles.put(file.path(), Optional.of(file));
    }

    public void predictAbsent(String path) {
        predictedFiles.put(path, Optional.empty());
    }

    public void predict(String key, Object value) {
        predictions.put(key, value);
    }

    public Optional<Object> predicted(String key) {
        return Optional.ofNullable(predictions.get(key));
    }
}
