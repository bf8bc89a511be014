package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.inventory.ConnectionDefaults;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Inventory;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible.cfg: found where Ansible finds it, the keys Bollard reads applied, flags and inventory variables winning. */
class AnsibleConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return p;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env, cwd);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFirstFileFoundIsReadInAnsiblesOrder() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path cwd = Files.createDirectories(dir.resolve("project"));
        Path fromEnv = write("elsewhere/my.cfg", "[defaults]\n");
        assertTrue(AnsibleConfig.find(Map.of(), cwd, home).isEmpty() || AnsibleConfig.find(Map.of(), cwd, home).get().startsWith("/etc/ansible"));
        write("home/.ansible.cfg", "[defaults]\n");
        assertEquals(home.resolve(".ansible.cfg"), AnsibleConfig.find(Map.of(), cwd, home).orElseThrow());
        write("project/ansible.cfg", "[defaults]\n");
        assertEquals(cwd.resolve("ansible.cfg"), AnsibleConfig.find(Map.of(), cwd, home).orElseThrow());
        assertEquals(fromEnv, AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", fromEnv.toString()), cwd, home).orElseThrow());
        write("elsewhere/ansible.cfg", "[defaults]\n");
        assertEquals(dir.resolve("elsewhere/ansible.cfg"),
                AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", dir.resolve("elsewhere").toString()), cwd, home).orElseThrow(), "a directory holds ansible.cfg");
        assertEquals(cwd.resolve("ansible.cfg"), AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", dir.resolve("missing.cfg").toString()), cwd, home).orElseThrow(),
                "a missing ANSIBLE_CONFIG file is passed over");
        Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(home.resolve(".ansible.cfg"), AnsibleConfig.find(Map.of(), cwd, home).orElseThrow(), "a world-writable directory is not trusted");
    }

    @Test
    void readsWhatConfigparserReadsAndNamesTheLineOfAMistake() throws Exception {
        AnsibleConfig cfg = AnsibleConfig.parse("""
                # comment
                ; comment
                [defaults]
                Forks = 7 ; inline comment
                roles_path: roles:~/shared/roles
                  :/opt/roles
                gathering = smart
                callbacks_enabled = timer, profile_tasks
                private_key_file = keys/id
                [privilege_escalation]
                become = True
                """, dir.resolve("ansible.cfg"));
        assertEquals(7, cfg.integer("defaults", "forks", 1).orElseThrow());
        assertEquals(dir.resolve("roles") + ":" + System.getProperty("user.home") + "/shared/roles:/opt/roles",
                cfg.pathList("defaults", "roles_path").orElseThrow());
        assertEquals(dir.resolve("keys/id"), cfg.path("defaults", "private_key_file").orElseThrow());
        assertTrue(cfg.bool("privilege_escalation", "become").orElseThrow());
        assertTrue(cfg.string("defaults", "inventory").isEmpty());

        String bad = assertThrows(AnsibleConfig.ConfigException.class,
                () -> AnsibleConfig.parse("[defaults]\nforks = 3\nthis is not a setting\n", dir.resolve("ansible.cfg"))).getMessage();
        assertEquals(dir.resolve("ansible.cfg") + ":3: expected 'key = value', a [section] or a comment, not 'this is not a setting'", bad);
        assertTrue(assertThrows(AnsibleConfig.ConfigException.class, () -> AnsibleConfig.parse("forks = 3\n", dir.resolve("a.cfg")))
                .getMessage().startsWith(dir.resolve("a.cfg") + ":1: "));
        AnsibleConfig badBool = AnsibleConfig.parse("[defaults]\n\nhost_key_checking = maybe\n", dir.resolve("a.cfg"));
        assertEquals(dir.resolve("a.cfg") + ":3: host_key_checking must be true or false, not 'maybe'",
                assertThrows(AnsibleConfig.ConfigException.class, () -> badBool.bool("defaults", "host_key_checking")).getMessage());
    }

    @Test
    void inventoryVariablesWinOverRemoteUserAndPrivateKeyFile() throws Exception {
        Path inv = write("hosts.ini", "[web]\na ansible_host=10.0.0.1\nb ansible_host=10.0.0.2 ansible_user=deploy ansible_ssh_private_key_file=/k/b ansible_become=false\n");
        Inventory i = Inventory.load(inv, VaultSecrets.NONE, new ConnectionDefaults("ops", "/k/default", true, "admin"));
        ConnectionSettings a = i.hosts().get(0).connection();
        ConnectionSettings b = i.hosts().get(1).connection();
        assertEquals("ops", a.user());
        assertEquals("/k/default", a.privateKeyFile());
        assertTrue(a.become());
        assertEquals("admin", a.becomeUser());
        assertEquals("deploy", b.user());
        assertEquals("/k/b", b.privateKeyFile());
        assertFalse(b.become());
    }

    @Test
    void aRunTakesInventoryRolesAndVaultPasswordFromTheFileAndFlagsWin() throws Exception {
        String vaultPw = "cfg-vault-pw";
        write("project/hosts.ini", "[web]\nweb1 ansible_connection=local\n");
        write("project/other.ini", "[web]\nother1 ansible_connection=local\n");
        write("project/shared-roles/greet/tasks/main.yml", "- copy: {dest: \"DIR/{{ inventory_hostname }}.greet\", content: \"{{ word }}\"}\n");
        write("project/pw.txt", vaultPw + "\n");
        write("project/secret.yml", new VaultSecrets(List.of(VaultSecret.of("default", vaultPw)), v -> { })
                .encrypt("word: hello-from-vault\n".getBytes(StandardCharsets.UTF_8), null));
        Path book = write("project/site.yml", """
                - hosts: web
                  gather_facts: false
                  vars_files: [secret.yml]
                  roles: [greet]
                """);
        Path cfg = write("project/ansible.cfg", """
                [defaults]
                inventory = hosts.ini
                roles_path = shared-roles
                vault_password_file = pw.txt
                forks = 3
                host_key_checking = False
                timeout = 5
                stdout_callback = yaml
                retry_files_enabled = False
                [privilege_escalation]
                become_user = root
                [ssh_connection]
                pipelining = True
                """);
        Path cwd = dir.resolve("project");
        Run r = run(Map.of(), cwd, book.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("hello-from-vault", Files.readString(dir.resolve("web1.greet")));
        assertFalse(r.out().contains("hello-from-vault"), r.out());
        assertEquals("", r.err());

        Run flag = run(Map.of(), cwd, book.toString(), "-i", dir.resolve("project/other.ini").toString());
        assertEquals(0, flag.code(), flag.out() + flag.err());
        assertTrue(Files.exists(dir.resolve("other1.greet")), "-i wins over the file's inventory");

        Run viaEnv = run(Map.of("ANSIBLE_CONFIG", cfg.toString()), dir, book.toString());
        assertEquals(0, viaEnv.code(), viaEnv.out() + viaEnv.err());

        Files.writeString(cfg, "[defaults]\ninventory = hosts.ini\nforks = many\n");
        Run bad = run(Map.of(), cwd, book.toString());
        assertEquals(4, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains(cfg + ":3: forks must be a whole number of at least 1, not 'many'"), bad.err());
    }
}
