package dev.bollard.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;
import dev.bollard.ssh.HostKeyPolicy;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;

/**
 * SSH the way OpenSSH users have it set up, against real sshd containers: ssh-agent, an alias in
 * ~/.ssh/config, a jump host, an encrypted key, accept-new in check mode. The user's home is a temporary
 * folder during each test, so that no real ~/.ssh is read or written.
 */
class OpenSshHabitsTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static SshTarget target;

    @TempDir
    Path dir;
    private String home;
    private final List<Process> agents = new ArrayList<>();

    @BeforeAll
    static void start() {
        target = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    @BeforeEach
    void fakeHome() throws Exception {
        home = System.getProperty("user.home");
        System.setProperty("user.home", dir.toString());
        Files.createDirectories(dir.resolve(".ssh"));
    }

    @AfterEach
    void realHome() {
        System.setProperty("user.home", home);
        for (Process p : agents) p.destroy();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        return out;
    }

    /** A new key pair in the temporary folder, its public half authorized for root on the target. */
    private Path newKey(String name, String type, String passphrase) throws Exception {
        Path key = dir.resolve(name);
        run("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString());
        target.authorize("root", Files.readString(Path.of(key + ".pub")));
        return key;
    }

    private Host host(String inventory, String name) throws Exception {
        Path inv = dir.resolve("inv-" + name + ".yml");
        Files.writeString(inv, inventory);
        return Inventory.load(inv).hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private String rootEntry(String name, String extra) {
        return "all:\n  hosts:\n    " + name + ":\n      ansible_host: " + target.host() + "\n      ansible_port: " + target.port()
                + "\n      ansible_user: root\n" + extra;
    }

    private static DefaultConnector connector(Map<String, String> env, Path config, Function<String, String> prompt, List<String> warnings) {
        return new DefaultConnector(new DefaultConnector.Options(HostKeyPolicy.OFF, true, Duration.ofSeconds(10), false, true,
                config, env, prompt, warnings == null ? null : warnings::add));
    }

    private static String whoAndWhere(Connection c) throws Exception {
        return c.exec("echo $(id -un)@$(hostname)", null, T).stdout().trim();
    }

    @Test
    void fourVsShowTheNegotiationAndNoSecret() throws Exception {
        // a key the host does not know, then alice's password: the log shows one refused, the other accepted
        Path stranger = dir.resolve("stranger_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        Path inv = dir.resolve("alice.yml");
        Files.writeString(inv, "all:\n  hosts:\n    web:\n      ansible_host: " + target.host() + "\n      ansible_port: " + target.port()
                + "\n      ansible_user: alice\n      ansible_ssh_private_key_file: " + stranger
                + "\n      ansible_password: " + SshTarget.ALICE_PASSWORD + "\n");
        Path book = dir.resolve("who.yml");
        Files.writeString(book, "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id -un\n      changed_when: false\n");
        Bollard.Run r = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "-vvvv");
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.contains("  <web> ssh: connecting to " + target.host() + " port " + target.port() + " as alice"), out);
        assertTrue(out.matches("(?s).*<web> ssh: connected to alice@\\S+, server version SSH-2\\.0-OpenSSH_.*"), out);
        assertTrue(out.matches("(?s).*<web> ssh: kex [a-z0-9@.-]+, host key algorithm [a-z0-9@.-]+\n.*"), out);
        assertTrue(out.matches("(?s).*<web> ssh: cipher [a-z0-9@.-]+ \\(out\\), [a-z0-9@.-]+ \\(in\\); mac .*"), out);
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("<web> ssh: host key (\\S+) (SHA256:\\S+) accepted").matcher(out);
        assertTrue(key.find(), out);
        String hostKeys = target.exec("for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf $f; done").out();
        assertTrue(hostKeys.contains(key.group(2)), "the fingerprint shown is not one of the host's keys (" + hostKeys + "):\n" + out);
        assertTrue(out.contains("<web> ssh: auth: trying publickey " + stranger + "\n"), out);
        assertTrue(out.contains("<web> ssh: auth: publickey " + stranger + " refused; the server allows "), out);
        assertTrue(out.contains("<web> ssh: auth: password accepted for alice\n"), out);
        assertFalse(out.contains(SshTarget.ALICE_PASSWORD) || r.err().contains(SshTarget.ALICE_PASSWORD), "the password was shown:\n" + out);
        Bollard.Run quiet = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "-vvv");
        assertFalse(quiet.out().contains("ssh: "), "-vvv shows the negotiation:\n" + quiet.out());
    }

    @Test
    void agentKeysLogIn() throws Exception {
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        agents.add(agent);
        for (int i = 0; i < 100 && !Files.exists(socket); i++) Thread.sleep(50);
        Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
        Host h = host(rootEntry("viaagent", ""), "viaagent");
        // no key file named and none in ~/.ssh: without the agent there is nothing to try
        ConnectionException none = assertThrows(ConnectionException.class, () -> connector(Map.of(), null, null, null).open(h));
        assertTrue(none.getMessage().contains("tried nothing"), none.getMessage());
        for (String[] kind : new String[][] {{"ed25519", "ssh-ed25519"}, {"rsa", "ssh-rsa"}, {"ecdsa", "ecdsa-sha2-nistp256"}}) {
            Path key = newKey("agent_" + kind[0], kind[0], "");
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process p = add.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            // the key file goes away: only the agent holds it now
            Files.delete(key);
            try (Connection c = connector(env, null, null, null).open(h)) {
                assertEquals("root@" + target.hostname(), whoAndWhere(c), kind[0]);
            }
            if (kind[0].equals("ed25519")) {
                // IdentitiesOnly: only agent keys whose .pub the IdentityFile lines name
                Path stranger = dir.resolve("stranger");
                run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
                Path config = dir.resolve("only_config");
                Files.writeString(config, "Host *\n  IdentitiesOnly yes\n  IdentityFile " + key + "\n");
                try (Connection c = connector(env, config, null, null).open(h)) {
                    assertEquals("root@" + target.hostname(), whoAndWhere(c), "the agent's key named by its .pub");
                }
                Files.writeString(config, "Host *\n  IdentitiesOnly yes\n  IdentityFile " + stranger + "\n");
                ConnectionException only = assertThrows(ConnectionException.class, () -> connector(env, config, null, null).open(h));
                assertTrue(only.getMessage().endsWith("(tried key " + stranger + ")"), only.getMessage());
            }
            ProcessBuilder clear = new ProcessBuilder("ssh-add", "-D").redirectErrorStream(true);
            clear.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertEquals(0, clear.start().waitFor());
        }
    }

    @Test
    void configAliasThroughTheCommandLine() throws Exception {
        Files.writeString(dir.resolve(".ssh/config"), """
                # an alias, as ssh users write them
                Host other !myalias
                  User nobody
                Host myal?as web-*
                  HostName %s
                  Port %d
                  User deploy
                  IdentityFile %s
                  ServerAliveInterval 5
                  ForwardAgent yes
                Host *
                  User root
                  Port 1
                """.formatted(target.host(), target.port(), target.privateKey()));
        Path inv = dir.resolve("inventory.ini");
        Files.writeString(inv, "myalias ansible_ssh_common_args='-o ControlPersist=60s -C'\n");
        Path book = dir.resolve("touch.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: leave a mark
                      command: touch /tmp/alias-mark
                """);
        Bollard.Run run = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off");
        assertEquals(0, run.code(), run.toString());
        assertEquals("deploy", target.exec("stat -c %U /tmp/alias-mark").out().trim());
        // what the config sets that Bollard does not act on is ignored silently; what the ssh args set, not
        assertFalse(run.err().contains("ForwardAgent"), run.err());
        assertEquals(1, run.err().split("WARNING", -1).length - 1, run.err());
        assertTrue(run.err().contains("WARNING: host myalias: ansible_ssh_common_args/ansible_ssh_extra_args: not understood, left out: "
                + "-o ControlPersist=60s, -C"), run.err());
    }

    @Test
    void inventoryVariablesWinOverTheConfig() throws Exception {
        Path config = dir.resolve("alt_config");
        Files.writeString(config, "Host " + target.host() + "\n  Port 1\n  User nobody\n  IdentityFile /nonexistent/key\n");
        Host h = host(rootEntry("inv", "      ansible_ssh_private_key_file: " + target.privateKey() + "\n"), "inv");
        try (Connection c = connector(Map.of(), config, null, null).open(h)) {
            assertEquals("root@" + target.hostname(), whoAndWhere(c));
        }
        // -F in the ssh args names another config file, whose values fill what the inventory leaves open
        Host alias = host("all:\n  hosts:\n    aliased:\n      ansible_ssh_common_args: -F " + config.resolveSibling("f_config") + "\n", "aliased");
        Files.writeString(config.resolveSibling("f_config"), "Host aliased\n  HostName " + target.host() + "\n  Port " + target.port()
                + "\n  User alice\n  IdentityFile " + target.privateKey() + "\n");
        try (Connection c = connector(Map.of(), null, null, null).open(alias)) {
            assertEquals("alice@" + target.hostname(), whoAndWhere(c));
        }
    }

    @Test
    void jumpHostReachesATargetOnlyItCanSee() throws Exception {
        try (Network net = Network.newNetwork();
             SshTarget inner = SshTarget.sshdOn(net, "inner", false);
             SshTarget bastion = SshTarget.sshdOn(net, "bastion", true)) {
            String entry = "all:\n  hosts:\n    inner:\n      ansible_user: deploy\n      ansible_ssh_private_key_file: " + target.privateKey()
                    + "\n      ansible_ssh_common_args: '-o ProxyJump=root@" + bastion.host() + ":" + bastion.port() + "'\n";
            Host h = host(entry, "inner");
            List<String> warnings = new ArrayList<>();
            try (Connection c = connector(Map.of(), null, null, warnings).open(h)) {
                assertEquals("deploy@" + inner.hostname(), whoAndWhere(c));
            }
            assertEquals(List.of(), warnings);
            // the same through ~/.ssh/config: the bastion by its alias there, two hops (bastion, then bastion again)
            Path config = dir.resolve("jump_config");
            Files.writeString(config, "Host bastion-alias\n  HostName " + bastion.host() + "\n  Port " + bastion.port()
                    + "\n  User root\n  IdentityFile " + target.privateKey() + "\nHost inner2\n  HostName inner\n  User root\n"
                    + "  ProxyJump bastion-alias,deploy@bastion:22\n");
            Host h2 = host("all:\n  hosts:\n    inner2:\n      ansible_ssh_private_key_file: " + target.privateKey() + "\n", "inner2");
            try (Connection c = connector(Map.of(), config, null, null).open(h2)) {
                assertEquals("root@" + inner.hostname(), whoAndWhere(c));
            }
            // without the jump host the target is out of reach
            Host direct = host("all:\n  hosts:\n    inner:\n      ansible_ssh_private_key_file: " + target.privateKey() + "\n", "inner");
            assertThrows(ConnectionException.class, () -> connector(Map.of(), null, null, null).open(direct));
        }
    }

    @Test
    void encryptedKeyWithItsPassphrase() throws Exception {
        Path key = newKey("locked", "ed25519", "open sesame");
        Host h = host(rootEntry("locked", "      ansible_ssh_private_key_file: " + key + "\n"), "locked");
        try (Connection c = connector(Map.of("BOLLARD_SSH_KEY_PASSPHRASE", "open sesame"), null, null, null).open(h)) {
            assertEquals("root@" + target.hostname(), whoAndWhere(c));
        }
        ConnectionException wrong = assertThrows(ConnectionException.class,
                () -> connector(Map.of("BOLLARD_SSH_KEY_PASSPHRASE", "nope"), null, null, null).open(h));
        assertTrue(wrong.getMessage().startsWith("private key " + key + " is encrypted: wrong passphrase in BOLLARD_SSH_KEY_PASSPHRASE"),
                wrong.getMessage());
        ConnectionException missing = assertThrows(ConnectionException.class, () -> connector(Map.of(), null, null, null).open(h));
        assertTrue(missing.getMessage().startsWith("private key " + key + " is encrypted: no passphrase"), missing.getMessage());
        // asked on the terminal once per key, however many hosts use it
        AtomicInteger asked = new AtomicInteger();
        DefaultConnector prompting = connector(Map.of(), null, q -> {
            asked.incrementAndGet();
            assertTrue(q.contains(key.toString()), q);
            return "open sesame";
        }, null);
        for (int i = 0; i < 2; i++) {
            try (Connection c = prompting.open(h)) {
                assertEquals("root@" + target.hostname(), whoAndWhere(c));
            }
        }
        assertEquals(1, asked.get());
    }

    @Test
    void acceptNewRecordsNothingUnderCheck() throws Exception {
        Path known = dir.resolve(".ssh/known_hosts");
        Path inv = Bollard.inventory(dir, "deploy", target);
        Path book = dir.resolve("noop.yml");
        Files.writeString(book, "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n      changed_when: false\n");
        Bollard.Run check = Bollard.run(book.toString(), "-i", inv.toString(), "--check", "--host-key-policy", "accept-new");
        assertEquals(0, check.code(), check.toString());
        assertFalse(Files.exists(known) && Files.readString(known).contains(String.valueOf(target.port())), "nothing recorded under --check");
        Bollard.Run apply = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "accept-new");
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(Files.readString(known).contains("[" + target.host() + "]:" + target.port()), "recorded when applying");
        // StrictHostKeyChecking in the ssh args wins over the command line's default
        Files.delete(known);
        Path strictInv = dir.resolve("strict.yml");
        Files.writeString(strictInv, Files.readString(inv).replace("  hosts:", "    ansible_ssh_extra_args: -o StrictHostKeyChecking=yes\n  hosts:"));
        Bollard.Run strict = Bollard.run(book.toString(), "-i", strictInv.toString(), "--json");
        assertEquals(3, strict.code(), strict.toString());
        assertTrue(strict.out().matches("(?s).*host key for \\[" + target.host() + "]:" + target.port() + " \\(SHA256:[A-Za-z0-9+/]{43}\\) is not in.*"),
                strict.out());
    }
}
