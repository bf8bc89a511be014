package dev.bollard.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.ssh.HostKeyPolicy;
import dev.bollard.ssh.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the inventory, the ssh args, the command line and ~/.ssh/config combine, without connecting. */
class DefaultConnectorSettingsTest {
    @TempDir
    Path dir;

    private Host host(String yaml, String name) throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, yaml);
        return Inventory.load(inv).hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private SshSettings settings(String config, String inventory, String name, boolean cliGiven, List<String> warnings) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, config);
        Files.createFile(dir.resolve("id_web"));
        DefaultConnector c = new DefaultConnector(new DefaultConnector.Options(HostKeyPolicy.ACCEPT_NEW, cliGiven, Duration.ofSeconds(7),
                cliGiven, false, file, Map.of(), null, warnings::add));
        return c.settings(host(inventory, name));
    }

    private String config() {
        return """
                Host web1
                  HostName %h.example.com
                  User deploy
                  Port 2201
                  IdentityFile DIR/id_%n
                  IdentityFile DIR/missing
                  IdentitiesOnly yes
                  ConnectTimeout 3
                  ServerAliveInterval 11
                  ServerAliveCountMax 4
                  UserKnownHostsFile ~/kh %d/other
                  StrictHostKeyChecking no
                  ProxyJump jump1,admin@jump2:2022,[10.0.0.9]:23
                Host jump1
                  HostName j1.example.com
                  User hopper
                  IdentityFile DIR/id_web
                Host *
                  User nobody
                """.replace("DIR", dir.toString()).replace("id_%n", "id_web");
    }

    @Test
    void theConfigFillsWhatTheInventoryLeavesOpen() throws Exception {
        List<String> warnings = new ArrayList<>();
        SshSettings s = settings(config(), "all:\n  hosts:\n    web1:\n", "web1", false, warnings);
        assertEquals("web1.example.com", s.host());
        assertEquals(2201, s.port());
        assertEquals("deploy", s.user());
        assertNull(s.privateKeyFile());
        assertEquals(List.of(dir.resolve("id_web")), s.identityFiles(), "an IdentityFile naming no file is passed over");
        assertTrue(s.identitiesOnly());
        assertEquals(Duration.ofSeconds(3), s.connectTimeout());
        assertEquals(11, s.aliveInterval());
        assertEquals(4, s.aliveCountMax());
        assertEquals(Path.of(System.getProperty("user.home"), "kh"), s.knownHosts(), "the first file of the list, ~ expanded");
        assertEquals(HostKeyPolicy.OFF, s.policy());
        assertFalse(s.recordHostKeys(), "check mode");
        assertEquals(3, s.jumps().size());
        SshSettings j1 = s.jumps().get(0);
        assertEquals("hopper@j1.example.com:22", j1.target());
        assertEquals(List.of(dir.resolve("id_web")), j1.identityFiles());
        assertEquals("admin@jump2:2022", s.jumps().get(1).target());
        assertEquals("nobody@10.0.0.9:23", s.jumps().get(2).target(), "Host * applies to the hop too");
        assertEquals(List.of(), warnings);
    }

    @Test
    void inventoryThenSshArgsThenCommandLineThenConfig() throws Exception {
        List<String> warnings = new ArrayList<>();
        String inv = """
                all:
                  hosts:
                    web1:
                      ansible_port: 22
                      ansible_user: root
                      ansible_ssh_private_key_file: /keys/inv
                      ansible_ssh_common_args: -o User=ignored -o ProxyJump=none -o ConnectTimeout=9 -o ControlMaster=auto
                      ansible_ssh_extra_args: -o StrictHostKeyChecking=yes -o ServerAliveInterval=0 -o ProxyCommand="nc %h %p"
                """;
        SshSettings s = settings(config(), inv, "web1", true, warnings);
        assertEquals("web1.example.com", s.host(), "ansible_host is the name ssh matches; the config's HostName applies");
        assertEquals(22, s.port());
        assertEquals("root", s.user());
        assertEquals(Path.of("/keys/inv"), s.privateKeyFile());
        assertEquals(List.of(), s.jumps(), "ProxyJump=none");
        assertEquals(Duration.ofSeconds(9), s.connectTimeout());
        assertEquals(0, s.aliveInterval());
        assertEquals(HostKeyPolicy.STRICT, s.policy());
        assertEquals(List.of("host web1: ansible_ssh_common_args/ansible_ssh_extra_args: not understood, left out: "
                + "-o ControlMaster=auto, -o ProxyCommand=nc %h %p"), warnings);
    }

    @Test
    void theCommandLineWinsOverTheConfigWhenGiven() throws Exception {
        SshSettings s = settings(config(), "all:\n  hosts:\n    web1:\n", "web1", true, new ArrayList<>());
        assertEquals(HostKeyPolicy.ACCEPT_NEW, s.policy());
        assertEquals(Duration.ofSeconds(7), s.connectTimeout());
    }
}
