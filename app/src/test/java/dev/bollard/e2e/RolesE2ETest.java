package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bollard.testing.AnsiblePlaybook;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.FileTree;
import dev.bollard.testing.SshTarget;
import dev.bollard.testing.TaskStatus;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles in the shape published ones have (src/test/resources/roles-e2e: defaults, vars chosen per
 * OS with first_found, templates over facts, files, handlers with listen, meta dependencies, a
 * block whose rescue runs, a vault-encrypted group_vars file) on a host with systemd: check mode
 * changes nothing, apply converges, verify holds and names a drifted file's task; the vault
 * password and the secret appear in no output. Then the same playbook by ansible-playbook on one
 * host and Bollard on another: the same files, accounts and unit state, and the same status per
 * task, after a first and a second apply.
 *
 * <p>Differences between the tools this playbook is written around, each for a stated reason:
 * Ansible names a role's task "role : task" in its results, Bollard by the task's name (compared
 * without the prefix); Bollard runs a command with {@code changed_when: false} in check mode (the
 * validation handler waits for a real run with {@code when: not ansible_check_mode}); getent does
 * not see an account a check-mode user task only planned ({@code ignore_errors: "{{ ansible_check_mode }}"},
 * as in Ansible).
 */
class RolesE2ETest {
    private static final String HOST = "t1";
    private static final String VAULT_PASSWORD = "roles-e2e-vault-pw-48213";
    private static final String SECRET = "Registry-Secret-q7Fz2";
    /** Where the roles write, and what they do to accounts and units, as one listing. */
    private static final String MANAGED = "for r in /etc/dockhost /srv/dockhost /etc/sysctl.d /etc/systemd/system; do"
            + " [ -d $r ] || { echo \"$r absent\"; continue; };"
            + " (cd $r && find . -printf \"$r/%p %y %m %u %g %l\\n\" | LC_ALL=C sort;"
            + " find . -type f | LC_ALL=C sort | while read f; do echo \"$r/$f $(sha256sum < \"$f\" | cut -d' ' -f1)\"; done); done;"
            + " getent passwd dockhost; getent group dockhost adm; id dockhost;"
            + " systemctl is-enabled dockhost-agent 2>&1; systemctl is-active dockhost-agent 2>&1; true";
    private static final List<String> TREES = List.of("/etc/dockhost", "/srv/dockhost", "/etc/sysctl.d", "/etc/systemd/system");
    private static final String ACCOUNTS = "getent passwd dockhost; getent group dockhost adm; id dockhost;"
            + " systemctl is-enabled dockhost-agent; systemctl is-active dockhost-agent";

    @TempDir
    Path dir;

    /** The playbook and roles, with group_vars/all/vault.yml encrypted now, and the password file. */
    private Path playbook() throws Exception {
        Path play = Bollard.resources("roles-e2e", dir.resolve("play"));
        String vault = new VaultSecrets(List.of(VaultSecret.of("default", VAULT_PASSWORD)), v -> { })
                .encrypt(("vault_docker_host_registry_password: " + SECRET + "\n").getBytes(StandardCharsets.UTF_8), null);
        Files.writeString(play.resolve("group_vars/all/vault.yml"), vault);
        Files.writeString(dir.resolve("vault-pass"), VAULT_PASSWORD + "\n");
        return play.resolve("site.yml");
    }

    private Path passwordFile() {
        return dir.resolve("vault-pass");
    }

    private Bollard.Run bollard(String command, Path book, Path inventory, String... more) {
        List<String> args = new ArrayList<>();
        if (command != null) args.add(command);
        args.addAll(List.of(book.toString(), "-i", inventory.toString(), "--json", "--host-key-policy", "off",
                "--vault-password-file", passwordFile().toString()));
        args.addAll(List.of(more));
        Bollard.Run r = Bollard.run(args.toArray(String[]::new));
        for (String hidden : List.of(SECRET, VAULT_PASSWORD)) {
            assertFalse(r.out().contains(hidden) || r.err().contains(hidden), "'" + hidden + "' printed by " + args + "\n" + r);
        }
        return r;
    }

    private static String status(Bollard.Run r, String task) {
        List<com.fasterxml.jackson.databind.JsonNode> events = r.task(task);
        assertFalse(events.isEmpty(), "no result for '" + task + "'\n" + r);
        return events.get(0).path("status").asText();
    }

    @Test
    void checkApplyConvergeVerifyAndDrift() throws Exception {
        try (SshTarget target = SshTarget.systemd()) {
            target.exec("systemctl is-system-running --wait");
            Path book = playbook();
            Path inventory = dir.resolve("inventory.yml");
            Files.writeString(inventory, "all:\n  hosts:\n" + target.inventoryEntry(HOST, "root"));
            String before = target.exec(MANAGED).out();

            Bollard.Run check = bollard(null, book, inventory, "--check", "--diff");
            assertEquals(0, check.code(), check.toString());
            assertTrue(check.changed(HOST) > 10, check.toString());
            assertTrue(check.out().contains("password=********"), "the secret's line is in the diff, masked\n" + check);
            assertEquals(before, target.exec(MANAGED).out(), "check mode changed the host");

            Bollard.Run apply = bollard(null, book, inventory, "--diff");
            assertEquals(0, apply.code(), apply.toString());
            assertTrue(apply.changed(HOST) > 10, apply.toString());
            assertEquals("failed", status(apply, "look up the legacy account"), "the block's body fails on this host");
            assertEquals("ok", status(apply, "no legacy account to migrate"), "and its rescue runs");
            assertEquals(1, apply.recap(HOST).path("rescued").asInt(), apply.toString());
            assertEquals("ok", status(apply, "the legacy migration was rescued"));
            assertEquals("changed", status(apply, "restart agent"), "the handler listening across roles ran");
            assertEquals("legacy account dockerlegacy: not present (look up the legacy account)\n",
                    target.exec("cat /srv/dockhost/migration.txt").out());
            assertEquals("600 root root\n", target.exec("stat -c '%a %U %G' /etc/dockhost/registry.cred").out());
            assertTrue(target.exec("grep -qx 'password=" + SECRET + "' /etc/dockhost/registry.cred").ok(), "the vault value landed");
            assertTrue(target.exec("grep -qx 'net.ipv4.ip_forward=1' /etc/sysctl.d/60-dockhost.conf").ok());
            assertTrue(target.exec("grep -qx 'LOG_LEVEL=warn' /etc/dockhost/agent.env").ok(), "group_vars over the role's default");
            assertTrue(target.exec("systemctl is-active dockhost-agent").ok(), target.exec("systemctl status dockhost-agent").out());
            assertTrue(target.exec("id -nG dockhost").out().contains("adm"), "groups from vars/Debian-12.yml");
            assertTrue(target.exec("grep -q 'note: bookworm' /etc/dockhost/host-info").ok(), "vars/Debian-12.yml was the first found");

            Bollard.Run again = bollard(null, book, inventory);
            assertEquals(0, again.code(), again.toString());
            assertEquals(0, again.changed(HOST), again.toString());
            assertEquals("ok", status(again, "no legacy account to migrate"), "the rescue runs on every run, changing nothing");

            Bollard.Run verify = bollard("verify", book, inventory);
            assertEquals(0, verify.code(), verify.toString());

            Bollard.Run tagged = bollard(null, book, inventory, "--tags", "sysctl", "--check");
            assertEquals(0, tagged.code(), tagged.toString());
            assertEquals("ok", status(tagged, "kernel settings for containers"));
            assertTrue(tagged.task("docker daemon configuration").isEmpty(), "an untagged task ran\n" + tagged);

            target.exec("sed -i 's/\"max-size\": \"10m\"/\"max-size\": \"50m\"/' /etc/dockhost/daemon.json");
            Bollard.Run drift = bollard("verify", book, inventory);
            assertEquals(2, drift.code(), drift.toString());
            assertEquals("failed", status(drift, "docker daemon configuration"), drift.toString());
            assertTrue(drift.task("docker daemon configuration").get(0).path("msg").asText().contains("/etc/dockhost/daemon.json"), drift.toString());
            assertEquals("ok", status(drift, "registry credentials"), drift.toString());
            assertEquals(1, drift.failed(HOST), "only the edited file's task fails\n" + drift);
        }
    }

    @Test
    void ansiblePlaybookAndBollardLeaveTheSameHost() throws Exception {
        AnsiblePlaybook.require();
        try (SshTarget forAnsible = SshTarget.systemd(); SshTarget forBollard = SshTarget.systemd()) {
            forAnsible.exec("systemctl is-system-running --wait");
            forBollard.exec("systemctl is-system-running --wait");
            Path book = playbook();
            Path inventories = Files.createDirectories(dir.resolve("inventories"));
            Path ansibleInventory = AnsiblePlaybook.inventory(inventories.resolve("ansible.yml"), HOST, forAnsible);
            Path bollardInventory = inventories.resolve("bollard.yml");
            Files.writeString(bollardInventory, "all:\n  hosts:\n" + forBollard.inventoryEntry(HOST, "root"));

            for (String phase : List.of("first apply", "second apply")) {
                CompletableFuture<AnsiblePlaybook.Run> ansible = CompletableFuture.supplyAsync(() -> AnsiblePlaybook.run(dir, ansibleInventory,
                        book, HOST, List.of("--vault-password-file", passwordFile().toString())));
                Bollard.Run bollard = bollard(null, book, bollardInventory);
                AnsiblePlaybook.Run a;
                try {
                    a = ansible.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw e;
                }
                assertEquals(0, a.code(), phase + ": " + a);
                assertEquals(0, bollard.code(), phase + ": " + bollard);
                // Ansible names a role's task "role : name"; Bollard reports the task's own name
                List<TaskStatus> ansibleTasks = a.tasks().stream()
                        .map(t -> new TaskStatus(t.task().replaceFirst("^[\\w.]+ : ", ""), t.status(), t.msg())).toList();
                String tasks = TaskStatus.differences("ansible", ansibleTasks, "Bollard", TaskStatus.of(bollard, HOST));
                if (tasks != null) fail(phase + ": task statuses differ\n" + tasks);
                for (String tree : TREES) {
                    String files = FileTree.differences("ansible", FileTree.read(forAnsible, tree), "Bollard", FileTree.read(forBollard, tree));
                    if (files != null) fail(phase + ": the hosts differ under " + tree + "\n" + files);
                }
                assertEquals(forAnsible.exec(ACCOUNTS).out(), forBollard.exec(ACCOUNTS).out(), phase + ": accounts or the unit differ");
                if (phase.equals("second apply")) {
                    assertEquals(0, a.changed(), a.toString());
                    assertEquals(0, bollard.changed(HOST), bollard.toString());
                } else {
                    assertTrue(a.changed() > 10, a.toString());
                }
            }
        }
    }
}
