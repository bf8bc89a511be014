package dev.bollard.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.Become;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.testing.SshTarget;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshConnection against a real sshd in a container. */
class SshConnectionTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static SshTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    private SshSettings as(String user, Path key, String password, HostKeyPolicy policy, Path knownHosts) {
        return new SshSettings(target.host(), target.port(), user, key, password, policy, knownHosts, Duration.ofSeconds(5));
    }

    private SshConnection keyLogin(String user) throws ConnectionException {
        return SshConnection.open(as(user, target.privateKey(), null, HostKeyPolicy.OFF, null));
    }

    @Test
    void logsInWithTheKeyFormatsSysadminsHave() throws Exception {
        // RSA in the old PEM format, RSA and ECDSA in OpenSSH's format: read without a BouncyCastle provider
        for (String[] kind : new String[][] {{"rsa", "-m", "PEM"}, {"rsa", "-m", "RFC4716"}, {"ecdsa", "-b", "256"}}) {
            Path key = dir.resolve("id_" + String.join("_", kind));
            List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-f", key.toString(), "-t", kind[0], kind[1], kind[2]));
            if (kind[0].equals("rsa")) cmd.addAll(List.of("-b", "2048"));
            assertEquals(0, new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor(), "ssh-keygen " + cmd);
            String pub = Files.readString(Path.of(key + ".pub")).strip();
            assertTrue(target.exec("echo '" + pub + "' >> /home/deploy/.ssh/authorized_keys").ok());
            try (SshConnection c = SshConnection.open(as("deploy", key, null, HostKeyPolicy.OFF, null))) {
                assertEquals("deploy\n", c.exec("id -un", new byte[0], T).stdout(), String.join(" ", kind));
            }
        }
    }

    @Test
    void runsCommandsWithExitCodesStdinAndBinaryOutput() throws Exception {
        try (SshConnection c = keyLogin("deploy")) {
            ExecResult r = c.exec("echo out; echo err >&2; exit 3", new byte[0], T);
            assertEquals(3, r.rc());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            assertEquals("hello 'quoted' $HOME\n", c.exec("cat", "hello 'quoted' $HOME\n".getBytes(StandardCharsets.UTF_8), T).stdout());
            byte[] binary = c.exec("printf '\\000\\001\\377'", new byte[0], T).out();
            assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, binary);
            assertEquals("deploy\n", c.exec("id -un", null, T).stdout());
            assertTrue(c.describe().contains("deploy@"));
        }
    }

    @Test
    void rootLoginByKey() throws Exception {
        try (SshConnection c = keyLogin("root")) {
            assertEquals("0\n", c.exec("id -u", null, T).stdout());
        }
    }

    @Test
    void passwordLoginAndAClearErrorForAWrongOne() throws Exception {
        try (SshConnection c = SshConnection.open(as("alice", null, SshTarget.ALICE_PASSWORD, HostKeyPolicy.OFF, null))) {
            assertEquals("alice\n", c.exec("id -un", null, T).stdout());
        }
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> SshConnection.open(as("alice", null, "wrong-secret", HostKeyPolicy.OFF, null)));
        assertEquals("authentication failed for alice@" + target.host() + ":" + target.port() + " (tried password)", e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret"));
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectionException e = assertThrows(ConnectionException.class, () -> SshConnection.open(
                new SshSettings("127.0.0.1", port, "root", target.privateKey(), null, HostKeyPolicy.OFF, null, Duration.ofSeconds(3))));
        assertEquals("cannot connect to 127.0.0.1:" + port + ": connection refused", e.getMessage());
    }

    @Test
    void hostKeyPolicies() throws Exception {
        Path known = dir.resolve("ssh/known_hosts");
        ConnectionException unknown = assertThrows(ConnectionException.class,
                () -> SshConnection.open(as("root", target.privateKey(), null, HostKeyPolicy.STRICT, dir.resolve("none"))));
        assertTrue(unknown.getMessage().contains("is not in") && unknown.getMessage().contains("--host-key-policy accept-new"), unknown.getMessage());

        SshConnection.open(as("root", target.privateKey(), null, HostKeyPolicy.ACCEPT_NEW, known)).close();
        String recorded = Files.readString(known);
        assertTrue(recorded.startsWith("[" + target.host() + "]:" + target.port() + " "), recorded);
        // now known: strict accepts it
        try (SshConnection c = SshConnection.open(as("root", target.privateKey(), null, HostKeyPolicy.STRICT, known))) {
            assertTrue(c.exec("true", null, T).ok());
        }
        // a different key for the same host is refused, even under accept-new
        Files.writeString(known, "[" + target.host() + "]:" + target.port()
                + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPmhSBtMctNa4hsZt8QGlsYSE5/gMkjeand69Vj4ir13\n");
        ConnectionException changed = assertThrows(ConnectionException.class,
                () -> SshConnection.open(as("root", target.privateKey(), null, HostKeyPolicy.ACCEPT_NEW, known)));
        assertTrue(changed.getMessage().contains("has changed"), changed.getMessage());
        assertTrue(changed.getMessage().matches(".*has changed \\(now SHA256:[A-Za-z0-9+/]{43};.*"), changed.getMessage());
        assertTrue(changed.getMessage().endsWith("remove the old key with: ssh-keygen -R '[" + target.host() + "]:" + target.port()
                + "' -f " + known), changed.getMessage());
    }

    @Test
    void commandTimeout() throws Exception {
        try (SshConnection c = keyLogin("deploy")) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> c.exec("sleep 5", null, Duration.ofMillis(500)));
            assertTrue(e.getMessage().startsWith("command timed out"), e.getMessage());
            assertTrue(c.exec("true", null, T).ok(), "the connection survives a timed-out command");
        }
    }

    @Test
    void manyCommandsAtOnceOnOneConnection() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (SshConnection c = keyLogin("deploy")) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> c.exec("sleep 0.2; echo " + n, null, T).stdout()));
            }
            for (int i = 0; i < 20; i++) assertEquals(i + "\n", results.get(i).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uploadOverSftp() throws Exception {
        Path local = dir.resolve("payload.bin");
        Files.write(local, new byte[] {1, 2, 3, 4});
        try (SshConnection c = keyLogin("deploy")) {
            c.upload(local, "/tmp/payload.bin");
            assertEquals("4\n", c.exec("stat -c %s /tmp/payload.bin", null, T).stdout());
        }
    }

    @Test
    void becomeRootWithoutAndWithAPassword() throws Exception {
        try (SshConnection c = keyLogin("deploy")) {
            HostState h = new HostState("t", c, T);
            assertEquals("root\n", h.exec("id -un", null, new Become("root", null)).stdout());
        }
        try (SshConnection c = keyLogin("alice")) {
            HostState h = new HostState("t", c, T);
            Become become = new Become("root", SshTarget.ALICE_PASSWORD);
            assertEquals("root\n", h.exec("id -un", null, become).stdout());
            // the password goes to sudo, never to the command's own input
            ExecResult echo = h.exec("cat", "line one\nline two\n".getBytes(StandardCharsets.UTF_8), become);
            assertEquals("line one\nline two\n", echo.stdout());
            ModuleFailure noPassword = assertThrows(ModuleFailure.class, () -> new HostState("t", c, T).exec("id", null, new Become("root", null)));
            assertEquals("sudo to root on t wants a password: set ansible_become_password or use --ask-become-pass", noPassword.getMessage());
            HostState once = new HostState("t", c, T);
            Become wrongPassword = new Become("root", "not-her-password");
            ModuleFailure wrong = assertThrows(ModuleFailure.class, () -> once.exec("id", null, wrongPassword));
            assertEquals("incorrect sudo password on t (become to root); not tried again in this run", wrong.getMessage());
            int tries = once.roundTrips();
            ModuleFailure again = assertThrows(ModuleFailure.class, () -> once.exec("id", null, wrongPassword));
            assertEquals(wrong.getMessage(), again.getMessage());
            assertEquals(tries, once.roundTrips(), "a wrong password is not sent again");
        }
    }

    @Test
    void aSudoRefusalIsRecognisedWhateverLanguageSudoSpeaks() throws Exception {
        try (SshConnection ssh = keyLogin("alice")) {
            // alice's sessions speak French: sudo answers "il est nécessaire de saisir un mot de passe"
            Connection french = prefixed(ssh, "export LANG=C.UTF-8 LANGUAGE=fr; ");
            ModuleFailure refused = assertThrows(ModuleFailure.class, () -> new HostState("t", french, T).exec("id", null, new Become("root", null)));
            assertEquals("sudo to root on t wants a password: set ansible_become_password or use --ask-become-pass", refused.getMessage());
            // the command itself keeps the login's language settings
            ExecResult env = new HostState("t", french, T).exec("echo \"$LANGUAGE|${LC_ALL-unset}\"", null, new Become("root", SshTarget.ALICE_PASSWORD));
            assertEquals("fr|unset\n", env.stdout());
            // a command that fails after sudo let it start is the command's failure, not a refusal
            ExecResult failed = new HostState("t", french, T).exec("echo nope >&2; exit 5", null, new Become("root", SshTarget.ALICE_PASSWORD));
            assertEquals(5, failed.rc());
            assertEquals("nope\n", failed.stderr());
        }
    }

    @Test
    void aHostWithoutSudoIsSaidSo() throws Exception {
        try (SshConnection ssh = keyLogin("deploy")) {
            // a PATH with head (which reads the script from standard input) and no sudo
            Connection noSudo = prefixed(ssh, "d=$(mktemp -d); ln -s \"$(command -v head)\" \"$d/\"; PATH=$d; ");
            ModuleFailure e = assertThrows(ModuleFailure.class, () -> new HostState("t", noSudo, T).exec("id", null, new Become("root", null)));
            assertEquals("sudo is not installed on t (become needs it)", e.getMessage());
        }
    }

    /** The connection, with every script run after {@code prefix}: a login whose environment differs. */
    private static Connection prefixed(SshConnection ssh, String prefix) {
        return new Connection() {
            @Override
            public ExecResult exec(String script, byte[] stdin, Duration timeout) throws ConnectionException {
                return ssh.exec(prefix + script, stdin, timeout);
            }

            @Override
            public String describe() {
                return ssh.describe();
            }

            @Override
            public void close() {
            }
        };
    }
}
