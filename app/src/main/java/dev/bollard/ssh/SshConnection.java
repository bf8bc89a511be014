package dev.bollard.ssh;

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
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * One SSH connection to a host for the whole run; every command gets its own session channel on
 * it, so tasks never pay for a new handshake. Safe for concurrent use.
 */
public final class SshConnection implements Connection {
    /** One shared configuration: building it (algorithm lists) is the costly part of a client. */
    private static final DefaultConfig CONFIG = new DefaultConfig();

    private final SSHClient client;
    private final SshSettings settings;
    private SFTPClient sftp;

    private SshConnection(SSHClient client, SshSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    public static SshConnection open(SshSettings s) throws ConnectionException {
        SSHClient client = new SSHClient(CONFIG);
        client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        client.setConnectTimeout((int) s.connectTimeout().toMillis());
        KnownHostsVerifier known = null;
        try {
            if (s.policy() == HostKeyPolicy.OFF) {
                client.addHostKeyVerifier(new PromiscuousVerifier());
            } else {
                known = KnownHostsVerifier.open(s.knownHosts(), s.policy() == HostKeyPolicy.ACCEPT_NEW);
                client.addHostKeyVerifier(known);
            }
        } catch (IOException e) {
            throw new ConnectionException("cannot read " + s.knownHosts() + ": " + e.getMessage(), e);
        }
        try {
            client.connect(s.host(), s.port());
        } catch (TransportException e) {
            close(client);
            throw hostKeyProblem(s, known, e);
        } catch (IOException e) {
            close(client);
            throw new ConnectionException(describeNetworkError(s, e), e);
        }
        authenticate(client, s);
        client.getConnection().getKeepAlive().setKeepAliveInterval(30);
        return new SshConnection(client, s);
    }

    private static ConnectionException hostKeyProblem(SshSettings s, KnownHostsVerifier known, TransportException e) {
        String where = s.port() == 22 ? s.host() : "[" + s.host() + "]:" + s.port();
        if (known != null && known.outcome() == KnownHostsVerifier.Outcome.CHANGED) {
            return new ConnectionException("host key for " + where + " has changed (now " + known.fingerprint()
                    + "; possible man-in-the-middle); if the host was rebuilt, remove its line from " + s.knownHosts(), e);
        }
        if (known != null && known.outcome() == KnownHostsVerifier.Outcome.UNKNOWN) {
            return new ConnectionException("host key for " + where + " (" + known.fingerprint() + ") is not in "
                    + s.knownHosts() + "; connect once with ssh, or use --host-key-policy accept-new", e);
        }
        return new ConnectionException("cannot connect to " + s.target() + ": " + e.getMessage(), e);
    }

    private static String describeNetworkError(SshSettings s, IOException e) {
        String why;
        if (e instanceof ConnectException) why = "connection refused";
        else if (e instanceof SocketTimeoutException) why = "timed out after " + s.connectTimeout().toSeconds() + " s";
        else if (e instanceof UnknownHostException) why = "unknown host name";
        else if (e instanceof NoRouteToHostException) why = "no route to host";
        else why = e.getMessage();
        return "cannot connect to " + s.host() + ":" + s.port() + ": " + why;
    }

    private static void authenticate(SSHClient client, SshSettings s) throws ConnectionException {
        List<String> tried = new ArrayList<>();
        List<KeyProvider> keys = new ArrayList<>();
        try {
            for (Path key : keyFiles(s)) {
                keys.add(client.loadKeys(key.toString()));
                tried.add("key " + key);
            }
        } catch (IOException e) {
            close(client);
            throw new ConnectionException("cannot read private key for " + s.target() + ": " + e.getMessage(), e);
        }
        try {
            if (!keys.isEmpty()) {
                try {
                    client.authPublickey(s.user(), keys);
                } catch (UserAuthException e) {
                    if (s.password() == null) throw e;
                }
            }
            if (!client.isAuthenticated() && s.password() != null) {
                tried.add("password");
                client.authPassword(s.user(), s.password());
            }
            if (!client.isAuthenticated()) throw new UserAuthException("no key or password to try");
        } catch (UserAuthException e) {
            close(client);
            throw new ConnectionException("authentication failed for " + s.target() + " (tried "
                    + (tried.isEmpty() ? "nothing: no key file and no password" : String.join(", ", tried)) + ")", e);
        } catch (IOException e) {
            close(client);
            throw new ConnectionException("cannot log in to " + s.target() + ": " + e.getMessage(), e);
        }
    }

    /** The configured key, or, like ssh, the user's default keys when neither key nor password is set. */
    private static List<Path> keyFiles(SshSettings s) {
        List<Path> out = new ArrayList<>();
        if (s.privateKeyFile() != null) {
            out.add(s.privateKeyFile());
            return out;
        }
        if (s.password() != null) return out;
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            if (Files.isReadable(ssh.resolve(name))) out.add(ssh.resolve(name));
        }
        return out;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin, Duration timeout) throws ConnectionException {
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec("sh -c " + Shell.quote(script));
            CompletableFuture<byte[]> out = OutputDrain.of(cmd.getInputStream());
            CompletableFuture<byte[]> err = OutputDrain.of(cmd.getErrorStream());
            try (OutputStream in = cmd.getOutputStream()) {
                if (stdin != null && stdin.length > 0) in.write(stdin);
            } catch (IOException ignored) {
                // the command did not read all of its input; its exit status says what happened
            }
            cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            byte[] stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            byte[] stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new ConnectionException("command ended without an exit status on " + settings.host()
                        + (cmd.getExitSignal() != null ? " (killed by signal " + cmd.getExitSignal() + ")" : ""));
            }
            return new ExecResult(status, stdout, new String(stderr, StandardCharsets.UTF_8));
        } catch (net.schmizz.sshj.connection.ConnectionException e) {
            if (e.getCause() instanceof TimeoutException || String.valueOf(e.getMessage()).contains("Timeout")) {
                throw new ConnectionException("command timed out after " + timeout.toSeconds() + " s on " + settings.host(), e);
            }
            throw new ConnectionException("connection to " + settings.host() + " broke: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new ConnectionException("command timed out after " + timeout.toSeconds() + " s on " + settings.host(), e);
        } catch (IOException e) {
            throw new ConnectionException("connection to " + settings.host() + " broke: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new ConnectionException("cannot read command output from " + settings.host() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted", e);
        }
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
            if (sftp != null) sftp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        close(client);
    }

    private static void close(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // nothing left to do with a connection that will not close cleanly
        }
    }
}
