package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.SshTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every core module over real SSH, as root, as a passwordless sudo user and as a user whose sudo
 * needs a password: check changes nothing and shows the diffs, apply changes, a second apply
 * changes nothing, verify holds, and a hand edit makes verify fail naming the task.
 */
class CoreModulesE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    private Bollard.Run bollard(Path inv, String base, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(dir.resolve("modules.yml").toString(), "-i", inv.toString(),
                "--json", "--host-key-policy", "off", "-e", "base=" + base));
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    private String snapshot() {
        return target.get().exec("ls -laR --time-style=full-iso /srv 2>&1; cat /srv/*/* 2>/dev/null").out();
    }

    private void fullCycle(String user, String extraVars) throws Exception {
        Bollard.resources("e2e", dir);
        Path inv = Bollard.inventory(dir, user, extraVars == null ? "" : extraVars, target.get());
        String base = "/srv/bollard-" + user;

        String before = snapshot();
        Bollard.Run check = bollard(inv, base, "--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("t1") >= 8, check.toString());
        assertEquals(before, snapshot(), "check mode changed the host");
        JsonNode motd = check.task("motd content").get(0);
        assertEquals("changed", motd.path("status").asText());
        assertTrue(motd.path("diff").get(0).path("after").asText().contains("Managed by Bollard on t1"), motd.toString());
        // the second lineinfile plans against the first one's predicted content
        JsonNode second = check.task("second audit rule line").get(0);
        assertTrue(second.path("diff").get(0).path("before").asText().contains("-w /etc/docker -p rwxa -k docker"), second.toString());

        Bollard.Run apply = bollard(inv, base);
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.changed("t1") >= 8, apply.toString());
        assertEquals("Managed by Bollard on t1\n", target.get().exec("cat " + base + "/motd").out());
        assertEquals("-w /etc/docker -p rwxa -k docker\n-w /var/lib/docker -p rwxa -k docker\n", target.get().exec("cat " + base + "/audit.rules").out());
        assertTrue(target.get().exec("grep -q '\"icc\" *: *false' " + base + "/daemon.json").ok());

        Bollard.Run again = bollard(inv, base);
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());

        Bollard.Run verify = Bollard.run("verify", dir.resolve("modules.yml").toString(), "-i", inv.toString(), "--json",
                "--host-key-policy", "off", "-e", "base=" + base);
        assertEquals(0, verify.code(), verify.toString());

        target.get().exec("echo 'edited by hand' >> " + base + "/motd; sed -i '/var.lib.docker/d' " + base + "/audit.rules");
        Bollard.Run drift = Bollard.run("verify", dir.resolve("modules.yml").toString(), "-i", inv.toString(), "--json",
                "--host-key-policy", "off", "-e", "base=" + base);
        assertEquals(2, drift.code(), drift.toString());
        assertEquals("failed", drift.task("motd content").get(0).path("status").asText(), drift.toString());
        assertEquals("failed", drift.task("second audit rule line").get(0).path("status").asText(), drift.toString());
        assertEquals("ok", drift.task("audit rule line").get(0).path("status").asText(), drift.toString());
        for (Bollard.Run r : List.of(check, apply, again, verify, drift)) {
            assertFalse(r.out().contains(SshTarget.ALICE_PASSWORD) || r.err().contains(SshTarget.ALICE_PASSWORD), "password printed");
        }
    }

    @Test
    void asRoot() throws Exception {
        fullCycle("root", null);
    }

    @Test
    void asSudoUserWithoutPassword() throws Exception {
        fullCycle("deploy", null);
        assertEquals("root root\n", target.get().exec("stat -c '%U %G' /srv/bollard-deploy/motd").out());
    }

    @Test
    void asSudoUserWithPassword() throws Exception {
        fullCycle("alice", "    ansible_become_password: " + SshTarget.ALICE_PASSWORD + "\n");
    }

    /** On a host not booted with systemd, a check of a service task says so; whether systemd runs came with its other reads. */
    @Test
    void aServiceCheckOnAHostWithoutSystemdSaysSoAtOneRoundTripLess() throws Exception {
        Path play = dir.resolve("service.yml");
        java.nio.file.Files.writeString(play, "- hosts: all\n  gather_facts: false\n  tasks:\n    - name: ssh runs\n      service: {name: ssh, state: started}\n");
        Path inv = Bollard.inventory(dir, "root", target.get());
        Bollard.Run check = Bollard.run(play.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off", "--check");
        assertEquals(0, check.code(), check.toString());
        JsonNode t = check.task("ssh runs").get(0);
        assertEquals("changed", t.path("status").asText(), check.out());
        assertTrue(t.path("msg").asText().endsWith("(systemd is not running here, so the unit's state is unknown)"), check.out());
        int trips = check.recap("t1").path("round_trips").asInt();
        System.out.println("round trips on t1 (service check, no systemd): " + trips);
        // the read-ahead, then systemctl show again for its error (a failed read is not kept from a batch)
        assertEquals(2, trips, check.out());
    }
}
