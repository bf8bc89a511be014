package dev.bollard.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    private Host host(Inventory inv, String name) {
        return inv.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void yamlWithNestedChildrenAndPrecedence() throws Exception {
        Path file = write("inv.yml", """
                all:
                  vars:
                    colour: grey
                    ansible_user: admin
                  hosts:
                    lone:
                  children:
                    web:
                      vars: {colour: blue, tier: front}
                      hosts:
                        web1: {ansible_host: 10.0.0.1, ansible_port: 2222}
                        web2:
                          colour: green
                      children:
                        canary:
                          vars: {colour: yellow}
                          hosts:
                            web2:
                    db:
                      hosts:
                        db1: {ansible_become: yes, ansible_become_password: s3cret-pw}
                """);
        Inventory inv = Inventory.load(file);
        assertEquals(List.of("lone", "web1", "web2", "db1"), names(inv.hosts()));
        Host web1 = host(inv, "web1");
        assertEquals("blue", web1.vars().get("colour"));
        assertEquals("10.0.0.1", web1.connection().address());
        assertEquals(2222, web1.connection().port());
        assertEquals("admin", web1.connection().user());
        // host var beats every group; the child group beats its parent
        assertEquals("green", host(inv, "web2").vars().get("colour"));
        assertEquals(List.of("web", "canary"), host(inv, "web2").groups());
        assertEquals("grey", host(inv, "lone").vars().get("colour"));
        assertEquals(List.of("ungrouped"), host(inv, "lone").groups());
        Host db1 = host(inv, "db1");
        assertTrue(db1.connection().become());
        assertEquals("root", db1.connection().becomeUser());
        assertFalse(db1.connection().toString().contains("s3cret-pw"), db1.connection().toString());
        assertEquals(List.of("web1", "web2"), inv.groups().get("web"));
    }

    @Test
    void childOverridesParentEvenWithoutHostVars() throws Exception {
        Path file = write("inv.yml", """
                all:
                  children:
                    web:
                      vars: {colour: blue}
                      children:
                        canary:
                          vars: {colour: yellow}
                          hosts: {w9: }
                """);
        assertEquals("yellow", Inventory.load(file).hosts().get(0).vars().get("colour"));
    }

    @Test
    void iniWithVarsChildrenRangesAndQuotes() throws Exception {
        Path file = write("hosts", """
                # comment
                bastion ansible_host=192.0.2.1
                [web]
                web[01:03] ansible_user=deploy
                [db]
                db1 ansible_port=2200 motd="hello world"
                [prod:children]
                web
                db
                [prod:vars]
                env=production
                ansible_become=true
                """);
        Inventory inv = Inventory.load(file);
        assertEquals(List.of("bastion", "web01", "web02", "web03", "db1"), names(inv.hosts()));
        assertEquals("deploy", host(inv, "web02").connection().user());
        assertEquals("production", host(inv, "db1").vars().get("env"));
        assertEquals("hello world", host(inv, "db1").vars().get("motd"));
        assertEquals(2200, host(inv, "db1").connection().port());
        assertTrue(host(inv, "web01").connection().become());
        assertEquals(List.of("bastion"), inv.groups().get("ungrouped"));
    }

    @Test
    void groupVarsAndHostVarsFolders() throws Exception {
        Path file = write("inv.yml", """
                all:
                  children:
                    web:
                      vars: {colour: blue, size: s}
                      hosts:
                        web1: {size: m}
                """);
        write("group_vars/all.yml", "ansible_user: ops\ncolour: grey\n");
        write("group_vars/web.yml", "colour: red\n");
        write("group_vars/web/extra.yaml", "region: eu\n");
        write("host_vars/web1.yml", "size: xl\nansible_ssh_private_key_file: keys/web1\n");
        Host web1 = Inventory.load(file).hosts().get(0);
        assertEquals("red", web1.vars().get("colour"), "group_vars file beats the inline group vars");
        assertEquals("xl", web1.vars().get("size"), "host_vars file beats inline host vars");
        assertEquals("eu", web1.vars().get("region"));
        assertEquals("ops", web1.connection().user());
        assertEquals(dir.resolve("keys/web1").toString(), web1.connection().privateKeyFile());
    }

    @Test
    void localhostIsLocalUnlessAddressed() throws Exception {
        Inventory inv = Inventory.load(write("inv.yml", "all:\n  hosts:\n    localhost:\n    127.0.0.1: {ansible_port: 2222}\n"));
        assertEquals("local", inv.hosts().get(0).connection().type());
        assertEquals("ssh", inv.hosts().get(1).connection().type());
        assertEquals("local", Inventory.implicitLocalhost().hosts().get(0).connection().type());
    }

    @Test
    void patterns() throws Exception {
        Inventory inv = Inventory.load(write("hosts", "[web]\nweb1\nweb2\nweb3\n[db]\ndb1\n[prod]\nweb1\ndb1\n"));
        assertEquals(List.of("web1", "web2", "web3", "db1"), names(inv.select("all")));
        assertEquals(List.of("web1", "web2", "web3", "db1"), names(inv.select("db:web")));
        assertEquals(List.of("web1"), names(inv.select("web:&prod")));
        assertEquals(List.of("web2", "web3"), names(inv.select("web:!prod")));
        assertEquals(List.of("web1", "web2"), names(inv.select("web*:!web3")));
        assertEquals(List.of("db1"), names(inv.select("db1")));
        InventoryException e = assertThrows(InventoryException.class, () -> inv.select("web:dbx"));
        assertEquals("unknown host or group 'dbx' in pattern 'web:dbx' (groups: all, db, prod, ungrouped, web)", e.getMessage());
    }

    @Test
    void badInputNamesFileLineAndKey() throws Exception {
        InventoryException yaml = assertThrows(InventoryException.class,
                () -> Inventory.load(write("a.yml", "all:\n  hosts:\n    web1: [1, 2]\n")));
        assertTrue(yaml.getMessage().contains("a.yml:3: host 'web1' in group 'all' must have a mapping"), yaml.getMessage());
        InventoryException key = assertThrows(InventoryException.class,
                () -> Inventory.load(write("b.yml", "all:\n  host:\n    web1:\n")));
        assertTrue(key.getMessage().contains("b.yml:2: unknown key 'host' in group 'all'"), key.getMessage());
        InventoryException port = assertThrows(InventoryException.class,
                () -> Inventory.load(write("c.yml", "all:\n  hosts:\n    web1: {ansible_port: ssh}\n")));
        assertTrue(port.getMessage().contains("c.yml: host web1: ansible_port must be a number, not 'ssh'"), port.getMessage());
        InventoryException syntax = assertThrows(InventoryException.class,
                () -> Inventory.load(write("d.yml", "all:\n  hosts: [\n")));
        assertTrue(syntax.getMessage().matches(".*d\\.yml:\\d+:\\d+: .*"), syntax.getMessage());
        InventoryException ini = assertThrows(InventoryException.class,
                () -> Inventory.load(write("e.ini", "[web\nweb1\n")));
        assertTrue(ini.getMessage().contains("e.ini:1: cannot read section header"), ini.getMessage());
        InventoryException conn = assertThrows(InventoryException.class,
                () -> Inventory.load(write("f.yml", "all:\n  hosts:\n    w: {ansible_connection: winrm}\n")));
        assertTrue(conn.getMessage().contains("ansible_connection 'winrm' is not supported"), conn.getMessage());
        assertTrue(assertThrows(InventoryException.class, () -> Inventory.load(dir.resolve("nope.yml")))
                .getMessage().contains("no such inventory file"));
    }

    @Test
    void sourcesAsAnsibleTakesThemADirectoryAHostListAndSeveral() throws Exception {
        write("inv/10-web.ini", "[web]\nweb1 ansible_host=10.0.0.1\n");
        write("inv/20-db.yml", "all:\n  children:\n    db:\n      hosts:\n        db1:\n");
        write("inv/group_vars/web.yml", "role_name: frontend\n");
        write("inv/README.md", "not an inventory\n");
        Path other = write("extra.yml", "all:\n  hosts:\n    web1:\n      ansible_port: 2222\n");
        Inventory inv = Inventory.load(List.of(dir.resolve("inv").toString(), other.toString(), "cache1,cache2,"),
                dev.bollard.vault.VaultSecrets.NONE, ConnectionDefaults.NONE);
        assertEquals(List.of("web1", "db1", "cache1", "cache2"), names(inv.hosts()));
        Host web1 = host(inv, "web1");
        assertEquals("frontend", web1.vars().get("role_name"));
        assertEquals("10.0.0.1", web1.connection().address());
        assertEquals(2222, web1.connection().port(), "a later source adds to a host");
        assertEquals(List.of("db1"), inv.groups().get("db"));
        Inventory one = Inventory.load(List.of("solo,"), dev.bollard.vault.VaultSecrets.NONE, ConnectionDefaults.NONE);
        assertEquals(List.of("solo"), names(one.hosts()));
    }

    @Test
    void commandLineDefaultsYieldToTheInventoryAndExtraVarsWinOverIt() throws Exception {
        Path file = write("inv.yml", "all:\n  hosts:\n    a:\n      ansible_user: alice\n    b:\n");
        ConnectionDefaults cli = new ConnectionDefaults("ops", null, true, null, null, "pw-123", java.util.Map.of());
        Inventory inv = Inventory.load(file, dev.bollard.vault.VaultSecrets.NONE, cli);
        assertEquals("alice", host(inv, "a").connection().user(), "the inventory wins over -u");
        assertEquals("ops", host(inv, "b").connection().user());
        assertEquals("pw-123", host(inv, "b").connection().password());
        assertTrue(host(inv, "b").connection().become());
        ConnectionDefaults forced = new ConnectionDefaults(null, null, null, null, "local", null,
                java.util.Map.of("ansible_user", "bob", "ansible_port", 2200));
        Inventory e = Inventory.load(file, dev.bollard.vault.VaultSecrets.NONE, forced);
        assertEquals("bob", host(e, "a").connection().user(), "-e wins over the inventory");
        assertEquals(2200, host(e, "a").connection().port());
        assertTrue(host(e, "b").connection().local(), "-c local where the inventory sets no connection");
    }
}
