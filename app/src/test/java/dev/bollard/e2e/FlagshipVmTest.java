package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ExecResult;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.vm.QemuVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship on a real Debian 12 VM with a blank second disk, as a non-root sudo user:
 * check changes nothing, apply, apply again changes nothing, verify, the seeds' own checks over
 * plain ssh, then a reboot and verify again. A file under /var/lib/docker before the run is
 * still there after the move to the LVM volume.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlagshipVmTest {
    private static final String SITE = Path.of("../playbooks/site.yml").toAbsolutePath().normalize().toString();
    private static QemuVm vm;
    private static Path inventory;

    @TempDir
    static Path dir;

    @BeforeAll
    static void boot() throws Exception {
        vm = QemuVm.start();
        inventory = vm.inventory(dir, """
                docker_disk: /dev/vdb
                docker_lv_size: 2G
                docker_userns_socket: true
                rootless_tenants:
                  - {name: site1}
                  - {name: dns, low_ports: true}
                """);
    }

    @AfterAll
    static void shutdown() {
        if (vm != null) vm.close();
    }

    private static Bollard.Run bollard(String... more) {
        List<String> args = new ArrayList<>();
        if (more.length > 0 && more[0].equals("verify")) args.add("verify");
        args.add(SITE);
        args.addAll(List.of("-i", inventory.toString(), "--json", "--host-key-policy", "off"));
        for (int i = more.length > 0 && more[0].equals("verify") ? 1 : 0; i < more.length; i++) args.add(more[i]);
        return Bollard.run(args.toArray(String[]::new));
    }

    private static String ok(String command) {
        ExecResult r = vm.exec(command);
        assertEquals(0, r.rc(), command + " failed: " + r.stderr() + r.stdout());
        return r.stdout().strip();
    }

    @Test
    @Order(1)
    void aDiskThatHoldsDataIsRefused() {
        String before = ok("sudo blkid -p /dev/vda");
        Bollard.Run refused = bollard("--check", "-e", "docker_disk=/dev/vda", "-e", "docker_vg=other");
        assertEquals(2, refused.code(), refused.toString());
        String msg = refused.task("Volume group other on /dev/vda").get(0).path("msg").asText();
        assertTrue(msg.contains("/dev/vda") && msg.contains("force: true"), msg);
        assertEquals(before, ok("sudo blkid -p /dev/vda"), "the root disk was not touched");
    }

    @Test
    @Order(2)
    void checkChangesNothing() {
        ok("sudo mkdir -p /var/lib/docker/bollard-marker && echo precious | sudo tee /var/lib/docker/bollard-marker/data");
        String before = ok("sudo lsblk -rno NAME,FSTYPE; sudo cat /etc/fstab; sudo ls -la /etc/docker /etc/audit/rules.d; getent passwd site1 || true");
        Bollard.Run check = bollard("--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("vps") >= 10, check.toString());
        assertTrue(check.task("Logical volume for Docker's data").get(0).path("msg").asText().contains("once VG docker exists"), check.toString());
        assertEquals(before, ok("sudo lsblk -rno NAME,FSTYPE; sudo cat /etc/fstab; sudo ls -la /etc/docker /etc/audit/rules.d; getent passwd site1 || true"));
    }

    @Test
    @Order(3)
    void applyThenConverged() {
        Bollard.Run apply = bollard("--diff");
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.changed("vps") >= 10, apply.toString());
        Bollard.Run again = bollard();
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("vps"), again.toString());
        Bollard.Run verify = bollard("verify");
        assertEquals(0, verify.code(), verify.toString());
    }

    @Test
    @Order(4)
    void theSeedsOwnChecksHold() {
        assertEquals("precious", ok("sudo cat /var/lib/docker/bollard-marker/data"), "data moved to the volume, not lost");
        ok("sudo mountpoint -q /var/lib/docker");
        assertEquals("/dev/mapper/docker-lvol0 errors=remount-ro", ok("findmnt -n -o SOURCE,OPTIONS /var/lib/docker").replace("rw,relatime,", ""));
        assertTrue(ok("grep /var/lib/docker /etc/fstab").contains("errors=remount-ro"));
        String root = ok("sudo docker info -f '{{ .DockerRootDir }}'");
        assertEquals("/var/lib/docker", ok("sudo findmnt -n -o TARGET --target " + root));
        assertEquals("true", ok("sudo docker info -f '{{ .LiveRestoreEnabled }}'"));
        assertTrue(ok("sudo docker info -f '{{ .SecurityOptions }}'").contains("userns"));
        assertEquals(1, vm.exec("sudo docker network ls --quiet | xargs sudo docker network inspect --format '{{ .Name }}: {{ .Options }}' | grep -q enable_icc:true").rc());
        ok("id dockremap");
        assertTrue(ok("sudo auditctl -l").contains("-w /etc/docker/daemon.json -p rwxa -k docker"));
        assertTrue(ok("/sbin/getcap /usr/bin/rootlesskit").contains("cap_net_bind_service=ep"));
        String remap = ok("awk -F: '$1 == \"dockremap\" { print $2 }' /etc/subuid");
        assertEquals(remap + " " + remap + " 660", ok("sudo stat -c '%u %g %a' /var/run/docker-userns.sock"));
        for (String tenant : List.of("site1", "dns")) {
            assertTrue(ok("sudo -u " + tenant + " XDG_RUNTIME_DIR=/run/user/$(id -u " + tenant + ") DOCKER_HOST=unix:///run/user/$(id -u "
                    + tenant + ")/docker.sock docker info -f '{{ .SecurityOptions }}'").contains("rootless"), tenant);
            ok("test -f /var/lib/systemd/linger/" + tenant);
            ok("grep -q '^" + tenant + ":' /etc/subuid && grep -q '^" + tenant + ":' /etc/subgid");
        }
    }

    @Test
    @Order(5)
    void everythingSurvivesAReboot() {
        vm.reboot();
        ok("sudo mountpoint -q /var/lib/docker");
        assertEquals("precious", ok("sudo cat /var/lib/docker/bollard-marker/data"));
        Bollard.Run verify = bollard("verify");
        assertEquals(0, verify.code(), verify.toString());
        assertTrue(ok("sudo auditctl -l").contains("-k docker"));
    }

    @Test
    @Order(6)
    void verifyNamesTheTaskWhenSomeoneEditsByHand() {
        ok("echo '{\"icc\": true, \"userns-remap\": \"default\", \"live-restore\": true, \"no-new-privileges\": true}' | sudo tee /etc/docker/daemon.json");
        Bollard.Run drift = bollard("verify");
        assertEquals(2, drift.code(), drift.toString());
        assertEquals("failed", drift.task("daemon.json carries the hardened settings (merged, never overwritten)").get(0).path("status").asText());
    }
}
