package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * playbooks/examples/nightly-verify.yml on a host with systemd, as the control machine it is
 * meant for: it converges (nothing changes the second time), the timer is listed, and one run of
 * the service keeps a dated report and prunes an old one. A stand-in for the launcher prints its
 * arguments and exits 2, as verify does when a postcondition does not hold.
 */
class NightlyVerifyE2ETest {
    private static final String BOOK = Path.of("../playbooks/examples/nightly-verify.yml").toAbsolutePath().normalize().toString();
    @RegisterExtension
    static final ClassTarget target = ClassTarget.systemd();

    @TempDir
    Path dir;

    private Bollard.Run run(String... more) throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        String[] base = {BOOK, "-i", inv.toString(), "--json", "--host-key-policy", "off",
                "-e", "verify_command=/usr/local/bin/fake-bollard", "-e", "verify_playbook=/srv/ops/site.yml",
                "-e", "verify_inventory=/srv/ops/hosts.yml", "-e", "verify_keep_days=7"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Bollard.run(args);
    }

    @Test
    void theTimerIsInstalledOnceAndTheServiceKeepsAReport() throws Exception {
        assertTrue(target.get().exec("systemctl is-system-running --wait; true").ok());
        assertTrue(target.get().exec("printf '#!/bin/sh\\necho \"stand-in for bollard: $*\"\\nexit 2\\n' > /usr/local/bin/fake-bollard"
                + " && chmod 0755 /usr/local/bin/fake-bollard").ok());

        Bollard.Run apply = run();
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.changed("t1") >= 6, apply.toString());
        Bollard.Run again = run();
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());

        String timers = target.get().exec("systemctl list-timers --all --no-legend").out();
        assertTrue(timers.contains("bollard-verify.timer") && timers.contains("bollard-verify.service"), timers);
        assertEquals("enabled\n", target.get().exec("systemctl is-enabled bollard-verify.timer").out());
        assertEquals("OnCalendar=*-*-* 03:15:00\n", target.get().exec("systemctl show -p TimersCalendar bollard-verify.timer >/dev/null; "
                + "grep '^OnCalendar=' /etc/systemd/system/bollard-verify.timer").out());

        String reports = "/var/log/bollard/verify";
        assertTrue(target.get().exec("touch -d '10 days ago' " + reports + "/verify-2000-01-01T000000Z.txt").ok());
        target.get().exec("systemctl start bollard-verify.service");
        assertEquals("failed\n", target.get().exec("systemctl is-active bollard-verify.service").out(),
                "verify said a postcondition does not hold (exit 2): the service shows it");
        String latest = target.get().exec("cat " + reports + "/latest.txt").out();
        assertEquals("stand-in for bollard: verify /srv/ops/site.yml -i /srv/ops/hosts.yml\nexit code 2\n", latest);
        assertTrue(target.get().exec("ls " + reports + " | grep -qE '^verify-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z\\.txt$'").ok());
        assertEquals("gone\n", target.get().exec("test -e " + reports + "/verify-2000-01-01T000000Z.txt || echo gone").out(),
                "a report older than verify_keep_days is pruned");

        String[] verify = {"verify", BOOK, "-i", dir.resolve("inventory.yml").toString(), "--json", "--host-key-policy", "off",
                "-e", "verify_command=/usr/local/bin/fake-bollard", "-e", "verify_playbook=/srv/ops/site.yml",
                "-e", "verify_inventory=/srv/ops/hosts.yml", "-e", "verify_keep_days=7"};
        Bollard.Run holds = Bollard.run(verify);
        assertEquals(0, holds.code(), holds.toString());
    }
}
