package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.cli.Main;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.BollardProcess;
import dev.bollard.testing.SshTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login password, a sudo password, a key passphrase, a no_log value, a vault value and the
 * vault password, each a canary string: after runs with failures, --diff, --json, -vvv, report
 * files, an error path and diffs of files that hold a secret, no canary appears on stdout or
 * stderr or in any file the run wrote, nor in the command line of any process on the targets
 * ({@code ps}, sampled while slow tasks whose command text holds a secret run).
 */
class SecretsCanaryE2ETest {
    private static final String LOGIN = "Cnry-login-5e1f0a";
    private static final String PASSPHRASE = "Cnry-passphrase-77b2c4";
    private static final String NO_LOG = "Cnry-nolog-93d8e1";
    private static final String VAULTED = "Cnry-vaulted-1c6a2f";
    private static final String VAULT_PASSWORD = "Cnry-vaultpw-4b0e7d";
    private static final List<String> CANARIES = List.of(LOGIN, PASSPHRASE, NO_LOG, VAULTED, VAULT_PASSWORD);
    private static SshTarget withPassword;
    private static SshTarget withKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        withPassword = SshTarget.sshd();
        withKey = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (withPassword != null) withPassword.close();
        if (withKey != null) withKey.close();
    }

    @Test
    void noSecretLeavesTheRunOrShowsOnTheTargets() throws Exception {
        withPassword.exec("echo 'alice:" + LOGIN + "' | chpasswd");
        Path key = dir.resolve("keys/id_canary");
        Files.createDirectories(key.getParent());
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "canary", "-f", key.toString()).start();
        assertEquals(0, kg.waitFor());
        withKey.authorize("deploy", Files.readString(Path.of(key + ".pub")));
        Path vaultPass = dir.resolve("vault-pass");
        Files.writeString(vaultPass, VAULT_PASSWORD + "\n");
        String vaulted = encrypt(vaultPass);

        Files.writeString(dir.resolve("inventory.yml"), "all:\n  vars:\n    ansible_become: true\n  hosts:\n"
                + "    pw:\n      ansible_host: " + withPassword.host() + "\n      ansible_port: " + withPassword.port()
                + "\n      ansible_user: alice\n      ansible_password: " + LOGIN + "\n      ansible_become_password: " + LOGIN + "\n"
                + "    key:\n      ansible_host: " + withKey.host() + "\n      ansible_port: " + withKey.port()
                + "\n      ansible_user: deploy\n      ansible_ssh_private_key_file: " + key + "\n");
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  vars:
                    api_token: %s
                    vault_token: %s
                  tasks:
                    - name: a file holding the vault value
                      copy: {dest: /etc/canary.conf, content: "token={{ vault_token }}\\n", mode: "0600"}
                    - name: a file holding the no_log value
                      copy: {dest: /etc/canary-nolog.conf, content: "key={{ api_token }}\\n"}
                      no_log: true
                    - name: a line holding the vault value
                      lineinfile: {path: /etc/canary-lines.conf, line: "secret={{ vault_token }}", create: true}
                    - name: a slow shell command carrying the no_log value
                      shell: "sleep 3; echo {{ api_token }} > /tmp/nolog.txt"
                      no_log: true
                    - name: a slow command carrying the vault value as an argument
                      command: {argv: [sh, -c, 'sleep 3; printf %%s "$1" > /tmp/vault.txt', sh, "{{ vault_token }}"]}
                    - name: a failing no_log task
                      shell: "cd /nonexistent/{{ api_token }}"
                      no_log: true
                      ignore_errors: true
                    - name: a failure that prints the vault value
                      shell: "echo {{ vault_token }}; echo {{ vault_token }} >&2; exit 3"
                      ignore_errors: true
                    - name: the vault value shown
                      debug: {msg: "the token is {{ vault_token }}"}
                    - name: a failing task with the vault value in its message
                      fail: {msg: "refusing {{ vault_token }}"}
                """.formatted(NO_LOG, vaulted.replace("\n", "\n    ")));
        Map<String, String> env = Map.of("BOLLARD_SSH_KEY_PASSPHRASE", PASSPHRASE, "HOME", dir.resolve("home").toString());
        Files.createDirectories(dir.resolve("home"));
        ConcurrentLinkedQueue<String> processes = new ConcurrentLinkedQueue<>();
        List<Bollard.Run> runs = new ArrayList<>();
        String[] common = {dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory.yml").toString(), "--host-key-policy", "off",
                "--vault-password-file", vaultPass.toString(), "-vvv", "--diff"};

        runs.add(sampled(processes, env, concat(common, "--json", "--report", dir.resolve("r.xml").toString(),
                "--report", dir.resolve("r.md").toString(), "--report", dir.resolve("r.html").toString())));
        assertEquals(2, runs.get(0).code(), runs.get(0).toString());
        // a hand edit of the files: check mode and apply show diffs of files that hold the secrets
        withPassword.exec("echo 'token=old-" + VAULTED + "' > /etc/canary.conf; echo 'key=old-" + NO_LOG + "' > /etc/canary-nolog.conf");
        runs.add(sampled(processes, env, concat(common, "--check")));
        runs.add(sampled(processes, env, concat(common, "--report", dir.resolve("again.md").toString())));
        // an error path: an expression that fails on the secret's value
        Files.writeString(dir.resolve("bad.yml"), "- hosts: all\n  vars:\n    vault_token: " + vaulted.replace("\n", "\n    ")
                + "\n  tasks:\n    - debug: {msg: \"{{ vault_token + 1 }}\"}\n    - debug: {msg: \"{{ vault_token | int(base=99) }}\"}\n");
        common[0] = dir.resolve("bad.yml").toString();
        runs.add(sampled(processes, env, common));

        assertTrue(withPassword.exec("cat /tmp/vault.txt").out().contains(VAULTED), "the runs did their work");
        assertTrue(processes.size() > 10, "ps was sampled while tasks ran: " + processes.size());
        Set<String> ours = Set.of("inventory.yml", "site.yml", "bad.yml", "vault-pass", "id_canary", "id_canary.pub");
        for (String canary : CANARIES) {
            for (Bollard.Run r : runs) assertTrue(!r.out().contains(canary) && !r.err().contains(canary), canary + " printed:\n" + r);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !ours.contains(f.getFileName().toString())).toList()) {
                    assertTrue(!Files.readString(f, StandardCharsets.ISO_8859_1).contains(canary), canary + " written to " + f);
                }
            }
        }
        // no secret reaches a command line: not the connection's, nor a no_log or vault value in a
        // task's command text (the script travels on standard input). A program the task itself
        // runs with the value as an argument shows it, as it would run by hand: that line is the user's.
        assertTrue(processes.stream().anyMatch(ps -> ps.contains("sleep 3")), "ps saw the slow tasks run");
        String asked = "sh -c sleep 3; printf %s \"$1\" > /tmp/vault.txt sh " + VAULTED;
        for (String canary : CANARIES) {
            for (String ps : processes) {
                String others = String.join("\n", ps.lines().filter(l -> !l.strip().equals(asked)).toList());
                assertTrue(!others.contains(canary), canary + " in a command line on a target:\n" + ps);
            }
        }
    }

    private Bollard.Run sampled(ConcurrentLinkedQueue<String> processes, Map<String, String> env, String... args) throws Exception {
        BollardProcess p = BollardProcess.start(dir, List.of(), env, args);
        Thread sampler = new Thread(() -> {
            while (p.process().isAlive()) {
                for (SshTarget t : List.of(withPassword, withKey)) processes.add(t.exec("ps -eo args").out());
            }
        });
        sampler.start();
        Bollard.Run r = p.await(300);
        sampler.join();
        return r;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String encrypt(Path vaultPass) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"vault", "encrypt_string", "--vault-password-file", vaultPass.toString(), VAULTED},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
