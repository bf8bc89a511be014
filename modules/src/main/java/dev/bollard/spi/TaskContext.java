package dev.bollard.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a module sees of one host while it plans, applies or verifies one task: commands and file
 * reads (through sudo when the task becomes another user), the local files beside the playbook,
 * and whether this is a check run.
 */
public final class TaskContext {
    private final HostState host;
    private final Become become;
    private final boolean check;
    private final LocalFiles local;
    private final String environment;

    public TaskContext(HostState host, Become become, boolean check, LocalFiles local) {
        this(host, become, check, local, java.util.Map.of());
    }

    /** {@code environment}: the task's variables for the commands it runs (not for its reads). */
    public TaskContext(HostState host, Become become, boolean check, LocalFiles local, java.util.Map<String, String> environment) {
        this.host = host;
        this.become = become;
        this.check = check;
        this.local = local;
        StringBuilder env = new StringBuilder();
        environment.forEach((k, v) -> env.append("export ").append(k).append('=').append(Shell.quote(v)).append("; "));
        this.environment = env.toString();
    }

    public String hostName() {
        return host.name();
    }

    public boolean check() {
        return check;
    }

    public Become become() {
        return become;
    }

    public HostState state() {
        return host;
    }

    public LocalFiles local() {
        return local;
    }

    public ExecResult run(String script) throws ConnectionException, ModuleFailure {
        return host.exec(environment + script, null, become);
    }

    public ExecResult run(String script, byte[] stdin) throws ConnectionException, ModuleFailure {
        return host.exec(environment + script, stdin, become);
    }

    /**
     * Runs a script that writes a whole file and reads every byte of {@code stdin}, and no more, before
     * it can succeed; in a batch it then needs no process to cut its input out. {@code wholeFile}
     * names the file and the attributes the write gives it (null when it does more, such as a backup):
     * a write of the same file by the task's next step then makes this one in the same write.
     * {@code endsByItself}: it runs no command that may hang, and goes without the time limit.
     */
    public ExecResult runFileWrite(String script, byte[] stdin, String wholeFile, boolean endsByItself) throws ConnectionException, ModuleFailure {
        return host.execFileWrite(environment + script, stdin, become, wholeFile == null ? null : environment + "\0" + wholeFile, endsByItself);
    }

    public ExecResult run(String script, String stdin) throws ConnectionException, ModuleFailure {
        return host.exec(environment + script, stdin.getBytes(StandardCharsets.UTF_8), become);
    }

    /** Runs a command that only reads; the answer may come from a batch fetched for several tasks. */
    public ExecResult query(String script) throws ConnectionException, ModuleFailure {
        return host.query(script, become);
    }

    /** Runs several commands that only read in one round trip, fresh (never from a cache); answers in order. */
    public java.util.List<ExecResult> runAll(java.util.List<String> commands) throws ConnectionException, ModuleFailure {
        return host.execAll(commands, become);
    }

    /** Runs a script and fails the task, quoting its error, unless it exits 0. */
    public ExecResult require(String script, String what) throws ConnectionException, ModuleFailure {
        ExecResult r = run(script);
        if (!r.ok()) throw new ModuleFailure(what + " failed on " + host.name() + ": " + r.firstErrorLine());
        return r;
    }

    public Optional<RemoteFile> stat(String path) throws ConnectionException, ModuleFailure {
        return host.stat(path, become);
    }

    public Optional<RemoteFile> read(String path) throws ConnectionException, ModuleFailure {
        return host.read(path, become);
    }

    /** Drops cached facts so the next read sees the host as it is now. */
    public void forget() {
        host.forget();
    }
}
