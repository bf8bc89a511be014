package dev.bollard.testing.vm;

import dev.bollard.spi.ExecResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test VM is the fresh VPS the end-to-end tests expect: checked from outside, over plain ssh. */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmSmokeTest {

    private static QemuVm vm;

    @BeforeAll
    static void boot() {
        vm = QemuVm.start();
    }

    @AfterAll
    static void shutdown() {
        if (vm != null) vm.close();
    }

    /** Runs a command that must succeed and returns its stdout, stripped. */
    private static String ok(String command) {
        ExecResult result = vm.exec(command);
        assertEquals(0, result.rc(), () -> "`" + command + "` failed on the VM: " + result.firstErrorLine());
        return result.stdout().strip();
    }

    @Test
    @Order(1)
    void bootsToRunningOrDegradedSystemd() {
        ExecResult result = vm.exec("timeout 240 systemctl is-system-running --wait", Duration.ofMinutes(5));
        String state = result.stdout().strip();
        assertTrue(Set.of("running", "degraded").contains(state),
                () -> "systemd state " + state + "; failed units: " + vm.exec("systemctl --failed --no-legend").stdout());
        assertEquals("vps", ok("hostname"));
    }

    @Test
    @Order(2)
    void secondDiskIsBlankAndFourGiB() {
        List<String> lines = ok("lsblk -b -n -o NAME,SIZE,TYPE,FSTYPE,PTTYPE /dev/vdb").lines().toList();
        assertEquals(1, lines.size(), () -> "vdb should have no partitions: " + lines);
        assertEquals(List.of("vdb", Long.toString(4L << 30), "disk"), List.of(lines.get(0).trim().split("\\s+")),
                "vdb should be a 4 GiB disk with no filesystem or partition table");
        // blkid exits 2 when it finds no signature at all, probing the device itself rather than udev's cache.
        assertEquals(2, vm.exec("sudo -n blkid -p /dev/vdb").rc(), "vdb should carry no signature");
    }

    @Test
    @Order(3)
    void adminHasPasswordlessSudoAndRootCannotLogIn() {
        assertEquals("0", ok("sudo -n id -u"));
        assertEquals("admin", ok("id -un"));
        assertTrue(ok("sudo -n sshd -T").lines().anyMatch("permitrootlogin no"::equals), "sshd must refuse root logins");
    }

    @Test
    @Order(4)
    void dockerEngineRuns() {
        String version = ok("sudo -n docker info --format '{{.ServerVersion}}'");
        assertTrue(version.matches("\\d+\\.\\d+.*"), () -> "docker info gave no server version: " + version);
        assertEquals(0, vm.exec("test -x /usr/share/docker.io/contrib/dockerd-rootless-setuptool.sh"
                + " && command -v rootlesskit && command -v newuidmap").rc(), "rootless docker prerequisites missing");
    }

    @Test
    @Order(5)
    void deviceMapperWorks() {
        assertEquals(0, vm.exec("test -c /dev/mapper/control").rc(), "/dev/mapper/control missing");
        assertTrue(ok("sudo -n dmsetup version").contains("Driver version"), "the kernel's device-mapper does not answer");
    }

    @Test
    @Order(6)
    void rebootKeepsTheDisksAndStartsAFreshBoot() {
        String marker = UUID.randomUUID().toString();
        ok("echo " + marker + " > /var/tmp/bollard-reboot-marker");
        String bootBefore = ok("cat /proc/sys/kernel/random/boot_id");
        long begin = System.nanoTime();

        vm.reboot();

        long elapsed = Math.round((System.nanoTime() - begin) / 1e9);
        assertNotEquals(bootBefore, ok("cat /proc/sys/kernel/random/boot_id"), "same boot id: the VM did not reboot");
        double uptime = Double.parseDouble(ok("cut -d' ' -f1 /proc/uptime"));
        assertTrue(uptime <= elapsed + 5, () -> "uptime " + uptime + " s is older than the reboot " + elapsed + " s ago");
        assertEquals(marker, ok("cat /var/tmp/bollard-reboot-marker"), "the root disk lost a file across the reboot");
        assertEquals("vdb", ok("lsblk -n -d -o NAME /dev/vdb"));
    }
}
