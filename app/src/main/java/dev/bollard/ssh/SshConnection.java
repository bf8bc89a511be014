package dev.bollard.ssh;

import dev.bollard.report.PhaseClock;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.OutputDrain;
import dev.bollard.spi.Shell;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * One SSH connection to a host for the whole run; every command gets its own session channel on
 * it, so tasks never pay for a new handshake. Safe for concurrent use.
 */
public final class SshConnection implements Connection {
    /** One shared configuration: building it (algorithm lists) is the costly part of a client. */
    private static final DefaultConfig CONFIG = new JdkSshConfig();

    static DefaultConfig config() {
        return CONFIG;
    }

    private final SSHClient client;
    private final List<SSHClient> hops;
    private final SshSettings settings;
    private SFTPClient sftp;
    /** A session channel opened while the last command ran, for the next one (see {@link #exec}); guarded by {@code this}. */
    private Session spare;

    private SshConnection(SSHClient client, List<SSHClient> hops, SshSettings settings) {
        this.client = client;
        this.hops = hops;
        this.settings = settings;
    }

    /** Connects and logs in, through the jump hosts first when there are any. */
    public static SshConnection open(SshSettings s) throws ConnectionException {
        return open(s, null);
    }

    /** As {@link #open(SshSettings)}, telling {@code negotiation} how each connection was set up ({@code -vvvv}); null: silent. */
    public static SshConnection open(SshSettings s, java.util.function.Consumer<String> negotiation) throws ConnectionException {
        List<SSHClient> hops = new ArrayList<>();
        SSHClient via = null;
        SshSettings previous = null;
        try {
            for (SshSettings hop : s.jumps()) {
                via = connect(hop, via, previous, "jump host ", new NegotiationLog(negotiation, "jump host " + hop.target() + ": "));
                hops.add(via);
                previous = hop;
            }
            return new SshConnection(connect(s, via, previous, "", new NegotiationLog(negotiation, "")), hops, s);
        } catch (ConnectionException e) {
            for (int i = hops.size() - 1; i >= 0; i--) close(hops.get(i));
            throw e;
        }
    }

    private static SSHClient connect(SshSettings s, SSHClient via, SshSettings viaSettings, String role, NegotiationLog log)
            throws ConnectionException {
        PhaseClock.mark("connecting to " + s.host());
        SSHClient client = new SSHClient(CONFIG);
        client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        client.setConnectTimeout((int) s.connectTimeout().toMillis());
        log.watch(client);
        log.say("connecting to " + s.host() + " port " + s.port() + " as " + s.user() + ", host key policy " + s.policy().name().toLowerCase(java.util.Locale.ROOT)
                + (s.policy() == HostKeyPolicy.OFF ? "" : " (" + s.knownHosts() + ")"));
        // set before connecting: sshj starts the keep-alive thread when the connection is made, and
        // only if an interval is set by then; set later, no keep-alive is ever sent and a host that
        // goes silent mid-command holds the run until the command's timeout
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(s.aliveInterval());
        if (keepAlive instanceof KeepAliveRunner runner) runner.setMaxAliveCount(s.aliveCountMax());
        KnownHostsVerifier known = null;
        try {
            if (s.policy() == HostKeyPolicy.OFF) {
                client.addHostKeyVerifier(log.recording(new PromiscuousVerifier()));
            } else {
                known = KnownHostsVerifier.open(s.knownHosts(), s.policy() == HostKeyPolicy.ACCEPT_NEW, s.recordHostKeys());
                client.addHostKeyVerifier(log.recording(known));
            }
        } catch (IOException e) {
            throw new ConnectionException(role + "cannot read " + s.knownHosts() + ": " + e.getMessage(), e);
        }
        if (via != null) {
            DirectConnection tunnel;
            try {
                tunnel = via.newDirectConnection(s.host(), s.port());
            } catch (IOException e) {
                close(client);
                throw new ConnectionException(role + "cannot reach " + s.host() + ":" + s.port() + " through jump host "
                        + viaSettings.target() + ": " + e.getMessage(), e);
            }
            try {
                client.connectVia(tunnel);
            } catch (TransportException e) {
                close(client);
                throw hostKeyProblem(s, known, e, role);
            } catch (IOException e) {
                close(client);
                throw new ConnectionException(role + "cannot connect to " + s.target() + " through jump host "
                        + viaSettings.target() + ": " + e.getMessage(), e);
            }
        } else {
            Handshake guard = Handshake.start(client, s.connectTimeout());
            try {
                client.connect(s.host(), s.port());
            } catch (TransportException e) {
                close(client);
                throw guard.expired() ? new ConnectionException(role + silent(s), e) : hostKeyProblem(s, known, e, role);
            } catch (IOException e) {
                close(client);
                throw new ConnectionException(role + (guard.expired() ? silent(s) : describeNetworkError(s, e)), e);
            } finally {
                guard.cancel();
            }
        }
        log.connected(client, s.target());
        PhaseClock.mark("ssh handshake " + s.host() + " (key exchange, host key)");
        try {
            authenticate(client, s, log);
        } catch (ConnectionException e) {
            throw role.isEmpty() ? e : new ConnectionException(role + e.getMessage(), e.getCause());
        }
        PhaseClock.mark("ssh authenticated " + s.host());
        return client;
    }

    private static ConnectionException hostKeyProblem(SshSettings s, KnownHostsVerifier known, TransportException e, String role) {
        String where = s.knownHostsName();
        if (known != null && known.outcome() == KnownHostsVerifier.Outcome.CHANGED) {
            return new ConnectionException(role + "host key for " + where + " has changed (now " + known.fingerprint()
                    + "; possible man-in-the-middle); if the host was rebuilt, remove the old key with: ssh-keygen -R "
                    + Shell.quote(where) + " -f " + Shell.quote(s.knownHosts().toString()), e);
        }
        if (known != null && known.outcome() == KnownHostsVerifier.Outcome.UNKNOWN) {
            return new ConnectionException(role + "host key for " + where + " (" + known.fingerprint() + ") is not in "
                    + s.knownHosts() + "; connect once with ssh, or use --host-key-policy accept-new", e);
        }
        if (String.valueOf(e.getMessage()).contains("identification")) {
            // the server did not greet as SSH servers do: say what it is, as far as its first line tells
            String answer = Greeting.firstLine(s.host(), s.port(), s.connectTimeout());
            return new ConnectionException(role + "cannot connect to " + s.host() + ":" + s.port() + ": not an SSH server ("
                    + (answer == null ? "it closed the connection without a greeting" : "it answered: " + answer) + ")", e);
        }
        return new ConnectionException(role + "cannot connect to " + s.target() + ": " + e.getMessage(), e);
    }

    private static String silent(SshSettings s) {
        return "cannot connect to " + s.host() + ":" + s.port() + ": no SSH greeting and key exchange within "
                + s.connectTimeout().toSeconds() + " s (the connect timeout); is it an SSH server?";
    }

    private static String describeNetworkError(SshSettings s, IOException e) {
        String why;
        if (e instanceof ConnectException) why = "connection refused";
        else if (e instanceof SocketTimeoutException) why = "timed out after " + s.connectTimeout().toSeconds() + " s";
        else if (e instanceof UnknownHostException) why = "the host name does not resolve (DNS); check ansible_host in the inventory";
        else if (e instanceof NoRouteToHostException) why = "no route to host";
        else why = e.getMessage();
        return "cannot connect to " + s.host() + ":" + s.port() + ": " + why;
    }

    /**
     * Logs in as OpenSSH would: the agent's keys, then the named key files (the inventory's, then
     * IdentityFile ones) or, when none is named, the default ones in ~/.ssh; then the password.
     */
    private static void authenticate(SSHClient client, SshSettings s, NegotiationLog log) throws ConnectionException {
        List<String> tried = new ArrayList<>();
        List<AuthMethod> methods = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<FileKey> files = new ArrayList<>();
        List<Path> named = namedKeys(s);
        boolean keys = !named.isEmpty() || s.password() == null;
        List<Path> keyFiles = !named.isEmpty() ? named : keys ? defaultKeys() : List.of();
        if (keys && s.agentSocket() != null) {
            AgentClient agent = new AgentClient(s.agentSocket());
            try {
                int n = 0;
                for (AgentClient.Identity id : agent.identities()) {
                    if (!AgentAuth.supported(id)) continue;
                    if (s.identitiesOnly() && !matchesAny(id, named)) continue;
                    methods.add(new AgentAuth(agent, id));
                    labels.add("publickey from ssh-agent (" + (id.comment() == null || id.comment().isEmpty() ? "no comment" : id.comment()) + ")");
                    n++;
                }
                if (n > 0) tried.add("ssh-agent (" + n + (n == 1 ? " key)" : " keys)"));
            } catch (IOException e) {
                // as ssh does, go on without the agent
                tried.add("ssh-agent (unusable: " + e.getMessage() + ")");
            }
        }
        for (Path key : keyFiles) {
            // a key named only by its .pub is one the agent holds (tried above when it does)
            if (!key.equals(s.privateKeyFile()) && !Files.exists(key)) continue;
            try {
                FileKey k = new FileKey(client, key, s.passphrases());
                files.add(k);
                methods.add(new AuthPublickey(k));
                labels.add("publickey " + key);
                tried.add("key " + key);
            } catch (IOException e) {
                if (!named.contains(key)) continue;
                close(client);
                throw new ConnectionException("cannot read private key " + key + " for " + s.target() + ": " + e.getMessage(), e);
            }
        }
        try {
            if (!methods.isEmpty()) {
                try {
                    auth(client, s.user(), methods, labels, log);
                } catch (UserAuthException e) {
                    if (s.password() == null) throw e;
                }
            }
            if (!client.isAuthenticated() && s.password() != null) {
                tried.add("password");
                log.say("auth: trying password");
                client.authPassword(s.user(), s.password());
                log.say("auth: password accepted for " + s.user());
            }
            if (!client.isAuthenticated()) throw new UserAuthException("no key or password to try");
        } catch (UserAuthException e) {
            close(client);
            for (FileKey k : files) {
                if (k.problem() != null && k.problem().startsWith("private key ")) {
                    throw new ConnectionException(k.problem() + " (logging in to " + s.target() + ")", e);
                }
            }
            throw new ConnectionException("authentication failed for " + s.target() + " (tried "
                    + (tried.isEmpty() ? "nothing: no key file, no ssh-agent and no password" : String.join(", ", tried)) + ")", e);
        } catch (IOException e) {
            close(client);
            throw new ConnectionException("cannot log in to " + s.target() + ": " + e.getMessage(), e);
        }
    }

    /** sshj's own loop over the methods, one at a time, so that -vvvv can say which was tried and which worked. */
    private static void auth(SSHClient client, String user, List<AuthMethod> methods, List<String> labels, NegotiationLog log)
            throws UserAuthException, net.schmizz.sshj.transport.TransportException {
        if (!log.on()) {
            client.auth(user, methods);
            return;
        }
        UserAuthException last = null;
        for (int i = 0; i < methods.size(); i++) {
            log.say("auth: trying " + labels.get(i));
            try {
                client.auth(user, methods.get(i));
                log.say("auth: " + labels.get(i) + " accepted for " + user);
                return;
            } catch (UserAuthException e) {
                last = e;
                java.util.Collection<String> allowed = client.getUserAuth().getAllowedMethods();
                log.say("auth: " + labels.get(i) + " refused" + (allowed == null || allowed.isEmpty() ? "" : "; the server allows " + String.join(",", allowed)));
            }
        }
        throw new UserAuthException("Exhausted available authentication methods", last);
    }

    private static List<Path> namedKeys(SshSettings s) {
        List<Path> out = new ArrayList<>();
        if (s.privateKeyFile() != null) out.add(s.privateKeyFile());
        for (Path p : s.identityFiles()) if (!out.contains(p)) out.add(p);
        return out;
    }

    /** Like ssh, the user's default keys when no key is named. */
    private static List<Path> defaultKeys() {
        List<Path> out = new ArrayList<>();
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            if (Files.isReadable(ssh.resolve(name))) out.add(ssh.resolve(name));
        }
        return out;
    }

    /** True when the agent's key is the public half of one of the key files (their .pub next to them). */
    private static boolean matchesAny(AgentClient.Identity id, List<Path> keys) {
        for (Path k : keys) {
            Path pub = Path.of(k + ".pub");
            try {
                String[] f = Files.readString(pub).trim().split("\\s+");
                if (f.length >= 2 && java.util.Arrays.equals(java.util.Base64.getDecoder().decode(f[1]), id.blob())) return true;
            } catch (IOException | IllegalArgumentException ignored) {
                // no readable .pub: this key cannot be matched
            }
        }
        return false;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin, Duration timeout) throws ConnectionException {
        return exec(script, stdin, timeout, Integer.MAX_VALUE);
    }

    @Override
    public ExecResult exec(String script, byte[] stdin, Duration timeout, int keep) throws ConnectionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<byte[]> out = null;
        try (Session session = session()) {
            Session.Command cmd = session.exec("sh -c " + Shell.quote(script));
            out = OutputDrain.of(cmd.getInputStream(), keep);
            CompletableFuture<byte[]> err = OutputDrain.of(cmd.getErrorStream(), keep);
            ChannelInput.send(cmd, stdin, deadline);
            openSpare();
            cmd.join(left(deadline), TimeUnit.MILLISECONDS);
            byte[] stdout = out.get(left(deadline), TimeUnit.MILLISECONDS);
            byte[] stderr = err.get(left(deadline), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new ConnectionException("command ended without an exit status on " + settings.host()
                        + (cmd.getExitSignal() != null ? " (killed by signal " + cmd.getExitSignal() + ")" : ""));
            }
            PhaseClock.firstCommand();
            return new ExecResult(status, stdout, new String(stderr, StandardCharsets.UTF_8));
        } catch (net.schmizz.sshj.connection.ConnectionException e) {
            if (e.getCause() instanceof TimeoutException || String.valueOf(e.getMessage()).contains("Timeout")) {
                throw partial(new ConnectionException("command timed out after " + timeout.toSeconds() + " s on " + settings.host(), e), out);
            }
            throw partial(broke(e), out);
        } catch (TimeoutException e) {
            throw partial(new ConnectionException("command timed out after " + timeout.toSeconds() + " s on " + settings.host(), e), out);
        } catch (IOException e) {
            throw partial(broke(e), out);
        } catch (ExecutionException e) {
            throw new ConnectionException("cannot read command output from " + settings.host() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted", e);
        }
    }

    /** What had arrived on stdout when the connection broke (the stream ends with the connection): which steps of a batch ran. */
    private static ConnectionException partial(ConnectionException e, CompletableFuture<byte[]> out) {
        if (out == null) return e;
        try {
            return e.withPartialOutput(out.get(2, TimeUnit.SECONDS));
        } catch (InterruptedException err) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException | TimeoutException err) {
            return e;
        }
    }

    /** The session opened ahead for this command, or a new one. */
    private Session session() throws IOException {
        Session ready;
        synchronized (this) {
            ready = spare;
            spare = null;
        }
        if (ready != null && ready.isOpen()) return ready;
        if (ready != null) ready.close();
        return client.startSession();
    }

    /**
     * Opens the next command's session while this one runs. sshd takes no input on a session until
     * its command has started, and the script travels on the input (see ScriptOnStdin), so it
     * arrives a round trip after the command: opening the session ahead, in the time the command
     * runs anyway, gives that round trip back. A session sshd will not open (MaxSessions) is left
     * to be opened when it is needed.
     */
    private void openSpare() {
        synchronized (this) {
            if (spare != null || !client.isConnected()) return;
        }
        Session opened;
        try {
            opened = client.startSession();
        } catch (IOException e) {
            return;
        }
        synchronized (this) {
            if (spare == null && client.isConnected()) {
                spare = opened;
                return;
            }
        }
        try {
            opened.close();
        } catch (IOException ignored) {
            // one session too many, closed
        }
    }

    /** The connection died under a command: a host gone silent (keep-alives unanswered) is said in those words. */
    private ConnectionException broke(IOException e) {
        if (String.valueOf(e.getMessage()).contains("keep-alive")) {
            return new ConnectionException("connection to " + settings.host() + " lost: no answer to " + settings.aliveCountMax()
                    + " keep-alives " + settings.aliveInterval() + " s apart (ServerAliveInterval, ServerAliveCountMax)", e);
        }
        if (String.valueOf(e.getMessage()).contains("encountered EOF")) {
            return new ConnectionException("connection to " + settings.host() + " broke: closed by the other end or a device on the way", e);
        }
        return new ConnectionException("connection to " + settings.host() + " broke: " + e.getMessage(), e);
    }

    /** Milliseconds until {@code deadline} (a {@link System#nanoTime} value), at least 1. */
    private static long left(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Copies a local file to the host over the connection's one SFTP channel. */
    public synchronized void upload(Path local, String remotePath) throws ConnectionException {
        try {
            if (sftp == null) sftp = client.newSFTPClient();
            sftp.put(local.toString(), remotePath);
        } catch (IOException e) {
            throw new ConnectionException("cannot upload " + local + " to " + settings.host() + ":" + remotePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "ssh " + settings.target();
    }

    @Override
    public synchronized void close() {
        try {
            if (spare != null) spare.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        spare = null;
        try {
            if (sftp != null) sftp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        close(client);
        for (int i = hops.size() - 1; i >= 0; i--) close(hops.get(i));
    }

    private static void close(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // nothing left to do with a connection that will not close cleanly
        }
    }
}
