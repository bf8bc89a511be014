package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example playbook on a host with systemd: check, apply, converge, verify, drift. */
class ExamplePlaybookE2ETest {
    private static final String BOOK = Path.of("../playbooks/examples/ssh-baseline.yml").toAbsolutePath().normalize().toString();
    @RegisterExtension
    static final ClassTarget target = ClassTarget.systemd();

    @TempDir
    Path dir;

    private Bollard.Run run(Path inv, String... more) {
        String[] args = new String[more.length + 6];
        args[0] = BOOK;
        args[1] = "-i";
        args[2] = inv.toString();
        args[3] = "--json";
        args[4] = "--host-key-policy";
        args[5] = "off";
        System.arraycopy(more, 0, args, 6, more.length);
        return Bollard.run(args);
    }

    @Test
    void sshBaselineConvergesAndVerifyCatchesDrift() throws Exception {
        assertTrue(target.get().exec("systemctl is-system-running --wait; systemctl is-active ssh").out().contains("active"));
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        String config = target.get().exec("cat /etc/ssh/sshd_config").out();

        Bollard.Run check = run(inv, "--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("t1") >= 3, check.toString());
        assertEquals(config, target.get().exec("cat /etc/ssh/sshd_config").out(), "check mode changed sshd_config");
        assertTrue(check.task("reload ssh").get(0).path("msg").asText().contains("systemctl reload ssh.service"), check.toString());

        Bollard.Run apply = run(inv);
        assertEquals(0, apply.code(), apply.toString());
        assertEquals("ok", apply.task("reload ssh").isEmpty() ? "missing" : "ok");
        assertTrue(target.get().exec("/usr/sbin/sshd -T | grep -i '^maxauthtries 4$'").ok());
        assertTrue(target.get().exec("grep -q '\"icc\": false' /etc/docker/daemon.json").ok());

        Bollard.Run again = run(inv);
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());
        assertTrue(again.task("reload ssh").isEmpty(), "no change, so the handler did not run");

        String[] verify = {"verify", BOOK, "-i", inv.toString(), "--json", "--host-key-policy", "off"};
        assertEquals(0, Bollard.run(verify).code());

        target.get().exec("sed -i 's/^MaxAuthTries 4/MaxAuthTries 9/' /etc/ssh/sshd_config && systemctl stop ssh.socket 2>/dev/null; true");
        Bollard.Run drift = Bollard.run(verify);
        assertEquals(2, drift.code(), drift.toString());
        assertEquals("failed", drift.task("sshd setting").get(0).path("status").asText(), drift.toString());
        assertEquals("ok", drift.task("Login banner").get(0).path("status").asText(), drift.toString());
    }

    @Test
    void aConfigThatSshdRejectsIsNeverWritten() throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        String before = target.get().exec("cat /etc/ssh/sshd_config").out();
        Bollard.Run r = run(inv, "-e", "{\"sshd_settings\": [{\"key\": \"MaxAuthTries\", \"value\": \"lots\"}]}");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.task("sshd setting").get(0).toString().contains("validation failed"), r.toString());
        assertEquals(before, target.get().exec("cat /etc/ssh/sshd_config").out());
    }
}
