package dev.bollard.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ~/.ssh/config reader and the ssh arguments of ansible_ssh_common_args, without any host. */
class SshConfigTest {
    @TempDir
    Path dir;

    @Test
    void patternsWildcardsAndNegation() {
        assertTrue(SshConfig.matches(List.of("*"), "anything"));
        assertTrue(SshConfig.matches(List.of("web?"), "web1"));
        assertFalse(SshConfig.matches(List.of("web?"), "web10"));
        assertTrue(SshConfig.matches(List.of("db", "*.example.com"), "a.example.com"));
        assertTrue(SshConfig.matches(List.of("*.example.com", "!bastion.example.com"), "a.example.com"));
        assertFalse(SshConfig.matches(List.of("*.example.com", "!bastion.example.com"), "bastion.example.com"));
        assertFalse(SshConfig.matches(List.of("!web1"), "web2"), "a negation alone matches nothing");
        assertTrue(SshConfig.matches(List.of("WEB1"), "web1"), "host names match case-insensitively");
        assertTrue(SshConfig.matches(List.of("10.0.*"), "10.0.3.4"));
    }

    @Test
    void firstValueWinsAndIdentityFilesAccumulate() {
        SshConfig c = SshConfig.parse("""
                # a comment
                Host web1 web2
                  HostName 10.0.0.%h
                  User deploy
                  IdentityFile ~/.ssh/web_%h_%r
                  ForwardAgent yes
                Host web*
                  User nobody
                  Port=2222
                  IdentityFile "/keys/with space"
                Host *
                  User fallback
                  ServerAliveInterval 15
                  ControlMaster auto
                """);
        SshConfig.Options o = c.lookup("web1");
        assertEquals("10.0.0.%h", o.get("HostName"));
        assertEquals("deploy", o.get("user"), "first value wins");
        assertEquals("2222", o.get("port"), "Keyword=value form");
        assertEquals("15", o.get("serveraliveinterval"));
        assertEquals(List.of("~/.ssh/web_%h_%r", "/keys/with space"), o.identityFiles());
        assertNull(o.get("forwardagent"), "keywords Bollard does not act on are ignored");
        SshConfig.Options other = c.lookup("db");
        assertEquals("fallback", other.get("user"));
        assertNull(other.get("port"));
    }

    @Test
    void tokensAndTilde() {
        String home = System.getProperty("user.home");
        assertEquals(home + "/.ssh/web1.example.com-deploy-22", SshConfig.expand("~/.ssh/%h-%r-%p", "web1", "web1.example.com", 22, "deploy"));
        assertEquals("web1 " + System.getProperty("user.name") + " 100%", SshConfig.expand("%n %u 100%%", "web1", "x", 22, "r"));
    }

    @Test
    void matchBlocksNeverApplyButMatchAllDoes() {
        SshConfig c = SshConfig.parse("""
                Match host web1 exec "true"
                  User matched
                Match all
                  Port 2200
                """);
        assertNull(c.lookup("web1").get("user"));
        assertEquals("2200", c.lookup("web1").get("port"));
    }

    @Test
    void includeFollowsFilesAndReturnsToTheEnclosingBlock() throws Exception {
        Path inc = dir.resolve("conf.d");
        Files.createDirectories(inc);
        Files.writeString(inc.resolve("a.conf"), "Host included\n  User inc\n");
        Path main = dir.resolve("config");
        Files.writeString(main, "Host web1\n  Include " + inc + "/*.conf\n  Port 2201\n");
        SshConfig c = SshConfig.load(main);
        assertEquals("inc", c.lookup("included").get("user"));
        assertEquals("2201", c.lookup("web1").get("port"));
        assertNull(c.lookup("included").get("port"));
        assertTrue(SshConfig.load(dir.resolve("missing")).lookup("x").values().isEmpty());
    }

    @Test
    void sshArgsTheWayAnsiblePassesThem() {
        SshArgs a = SshArgs.parse("-o ProxyJump=admin@bastion:2222 -o StrictHostKeyChecking=no -o 'UserKnownHostsFile=/dev/null'",
                "-J other -oPort=2200 -o User=ops -i /k/id -o ControlPersist=60s -C -o 'ServerAliveInterval 20'");
        assertEquals("admin@bastion:2222", a.get("ProxyJump"), "first value wins");
        assertEquals("no", a.get("stricthostkeychecking"));
        assertEquals("/dev/null", a.get("userknownhostsfile"));
        assertEquals("2200", a.get("port"));
        assertEquals("ops", a.get("user"));
        assertEquals("20", a.get("serveraliveinterval"));
        assertEquals(List.of("/k/id"), a.identityFiles());
        assertEquals(List.of("-o ControlPersist=60s", "-C"), a.notUnderstood());
        SshArgs proxy = SshArgs.parse("-o ProxyCommand=\"ssh -W %h:%p -q bastion\"", null);
        assertEquals(List.of("-o ProxyCommand=ssh -W %h:%p -q bastion"), proxy.notUnderstood());
        assertEquals("/etc/ssh/alt", SshArgs.parse("-F /etc/ssh/alt").configFile());
    }

    @Test
    void fingerprintsAsOpenSshShowsThem() throws Exception {
        Path key = dir.resolve("k");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertEquals(0, p.waitFor());
        Process fp = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").start();
        String expected = new String(fp.getInputStream().readAllBytes()).split(" ")[1];
        var kp = new net.schmizz.sshj.SSHClient().loadKeys(key.toString());
        assertEquals(expected, KnownHostsVerifier.fingerprint(kp.getPublic()));
    }
}
