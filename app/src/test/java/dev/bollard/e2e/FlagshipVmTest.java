package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.spi.ExecResult;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.vm.QemuVm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship from a provider's bare Debian 12 image (no Docker, LVM tools, auditd or rootless
 * helpers) with a blank second disk, as a non-root sudo user: check plans the whole job and changes
 * nothing, apply installs everything from the Debian archive, apply again changes nothing, verify
 * holds with the CIS Docker Benchmark controls of the report, the seeds' own checks hold over plain
 * ssh, a tenant's container gets its resource limits, then a reboot and verify again.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlagshipVmTest {
    private static final String SITE = Path.of("../playbooks/site.yml").toAbsolutePath().normalize().toString();
    /** What the bare image must not have: the play installs it. */
    private static final List<String> INSTALLED_BY_THE_PLAY = List.of("dockerd", "pvs", "auditctl", "newuidmap", "rootlesskit",
            "slirp4netns", "socat");
    /** CIS controls every run on this VM must show as holding (1.1.x ones are added for each audited path that exists). */
    private static final List<String> CIS_HOLDING = List.of("cis-1.1.1", "cis-1.1.3", "cis-1.1.4", "cis-1.1.5", "cis-1.1.6", "cis-1.1.7",
            "cis-1.1.8", "cis-1.1.9", "cis-1.1.10", "cis-1.1.11", "cis-2.2", "cis-2.3", "cis-2.8", "cis-2.9", "cis-2.13", "cis-2.14", "cis-2.15",
            "cis-2.16", "cis-3.1", "cis-3.2", "cis-3.3", "cis-3.4", "cis-3.5", "cis-3.6", "cis-3.15", "cis-3.16", "cis-3.17",
            "cis-3.18", "cis-3.19", "cis-3.20", "seed-001", "seed-002", "seed-003");

    private static QemuVm vm;
    private static Path inventory;

    @TempDir
    static Path dir;

    @BeforeAll
    static void boot() throws Exception {
        vm = QemuVm.startBare();
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
        int from = 0;
        if (more.length > 0 && more[0].equals("verify")) {
            args.add("verify");
            from = 1;
        }
        args.add(SITE);
        // -T: an emulated CPU just after a boot can take more than the default 10 s for SSH's key exchange
        args.addAll(List.of("-i", inventory.toString(), "--json", "--host-key-policy", "off", "-T", "60"));
        args.addAll(List.of(more).subList(from, more.length));
        long start = System.nanoTime();
        Bollard.Run run = Bollard.run(args.toArray(String[]::new));
        System.out.printf("[flagship] bollard %s: exit %d in %d s%n", String.join(" ", List.of(more)), run.code(),
                (System.nanoTime() - start) / 1_000_000_000L);
        return run;
    }

    private static String ok(String command) {
        ExecResult r = vm.exec(command);
        assertEquals(0, r.rc(), command + " failed: " + r.stderr() + r.stdout());
        return r.stdout().strip();
    }

    /** The status of each control in a verify run's report for the VM, by id (cis-2.2). */
    private static Map<String, String> controls(Bollard.Run verify) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : verify.recap("vps").path("controls")) out.put(c.path("id").asText(), c.path("status").asText());
        return out;
    }

    private static void controlsHold(Bollard.Run verify) {
        Map<String, String> status = controls(verify);
        for (String id : CIS_HOLDING) assertEquals("holds", status.get(id), id + " in " + status);
        status.forEach((id, s) -> assertTrue(s.equals("holds") || s.equals("not_applicable"), id + " is " + s + " in " + status));
    }

    @Test
    @Order(1)
    void theImageIsBare() {
        for (String tool : INSTALLED_BY_THE_PLAY) {
            assertEquals(1, vm.exec("PATH=$PATH:/usr/sbin:/sbin command -v " + tool).rc(), tool + " is preinstalled on the bare image");
        }
    }

    @Test
    @Order(2)
    void aDiskThatHoldsDataIsRefused() {
        String before = ok("sudo blkid -p /dev/vda");
        Bollard.Run refused = bollard("--check", "-e", "docker_disk=/dev/vda", "-e", "docker_vg=other");
        assertEquals(2, refused.code(), refused.toString());
        String msg = refused.task("Volume group other on /dev/vda").get(0).path("msg").asText();
        assertTrue(msg.contains("/dev/vda") && msg.contains("force: true"), msg);
        assertEquals(before, ok("sudo blkid -p /dev/vda"), "the root disk was not touched");
    }

    @Test
    @Order(3)
    void checkPlansTheWholeJobAndChangesNothing() {
        ok("sudo mkdir -p /var/lib/docker/bollard-marker && echo precious | sudo tee /var/lib/docker/bollard-marker/data");
        String state = "sudo lsblk -rno NAME,FSTYPE; sudo cat /etc/fstab; ls /etc/docker /etc/audit 2>&1; dpkg-query -W -f '${Package}\\n' | wc -l;"
                + " getent passwd site1 dockremap || true";
        String before = ok(state);
        Bollard.Run check = bollard("--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("vps") >= 25, check.toString());
        assertTrue(check.task("Volume group docker on /dev/vdb").get(0).path("msg").asText().contains("create VG docker on /dev/vdb"),
                check.toString());
        assertTrue(check.task("Logical volume for Docker's data").get(0).path("msg").asText().contains("once VG docker exists"), check.toString());
        List<JsonNode> rules = check.task("Docker's files are watched by auditd");
        assertTrue(rules.stream().anyMatch(n -> n.toString().contains("/usr/sbin/dockerd") && "changed".equals(n.path("status").asText())),
                "audit rules are planned before Docker is installed: " + rules);
        assertEquals(before, ok(state));
    }

    @Test
    @Order(4)
    void applyThenConverged() {
        Bollard.Run apply = bollard("--diff");
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.changed("vps") >= 25, apply.toString());
        Bollard.Run again = bollard();
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("vps"), again.toString());
        Bollard.Run verify = bollard("verify");
        assertEquals(0, verify.code(), verify.toString());
        controlsHold(verify);
    }

    @Test
    @Order(5)
    void theSeedsOwnChecksHold() {
        assertEquals("precious", ok("sudo cat /var/lib/docker/bollard-marker/data"), "data moved to the volume, not lost");
        ok("sudo mountpoint -q /var/lib/docker");
        assertEquals("/dev/mapper/docker-lvol0 errors=remount-ro", ok("findmnt -n -o SOURCE,OPTIONS /var/lib/docker").replace("rw,relatime,", ""));
        assertTrue(ok("grep /var/lib/docker /etc/fstab").contains("errors=remount-ro"));
        String root = ok("sudo docker info -f '{{ .DockerRootDir }}'");
        assertEquals("/var/lib/docker", ok("sudo findmnt -n -o TARGET --target " + root));
        assertEquals("true", ok("sudo docker info -f '{{ .LiveRestoreEnabled }}'"));
        assertTrue(ok("sudo docker info -f '{{ .SecurityOptions }}'").contains("userns"));
        assertEquals("journald", ok("sudo docker info -f '{{ .LoggingDriver }}'"));
        assertEquals(1, vm.exec("sudo docker network ls --quiet | xargs sudo docker network inspect --format '{{ .Name }}: {{ .Options }}' | grep -q enable_icc:true").rc());
        ok("id dockremap");
        String audit = ok("sudo auditctl -l");
        for (String path : List.of("/usr/sbin/dockerd", "/etc/docker/daemon.json", "/var/lib/docker", "/etc/docker")) {
            assertTrue(audit.lines().anyMatch(l -> l.startsWith("-w " + path)), path + " not watched: " + audit);
        }
        assertTrue(ok("/sbin/getcap /usr/bin/rootlesskit").contains("cap_net_bind_service=ep"));
        String remap = ok("awk -F: '$1 == \"dockremap\" { print $2 }' /etc/subuid");
        assertEquals(remap + " " + remap + " 660", ok("sudo stat -c '%u %g %a' /var/run/docker-userns.sock"));
        assertEquals("root:root 644", ok("stat -c '%U:%G %a' /etc/docker/daemon.json"));
        assertEquals("root:docker 660", ok("stat -L -c '%U:%G %a' /var/run/docker.sock"));
        for (String tenant : List.of("site1", "dns")) {
            assertTrue(asTenant(tenant, "docker info -f '{{ .SecurityOptions }}'").contains("rootless"), tenant);
            ok("test -f /var/lib/systemd/linger/" + tenant);
            ok("grep -q '^" + tenant + ":' /etc/subuid && grep -q '^" + tenant + ":' /etc/subgid");
        }
    }

    /** Seed 002's limits on a tenant's container: only with the cgroup controllers delegated. */
    @Test
    @Order(6)
    void aTenantsContainerGetsItsResourceLimits() {
        // no registry here: an image of cat and the C library, imported from the host's own files
        asTenant("site1", "tar -chf - -C / usr/bin/cat lib/x86_64-linux-gnu/libc.so.6 lib64/ld-linux-x86-64.so.2 | docker import - tiny");
        String limits = asTenant("site1", "docker run --rm --network none --memory 64m --cpus 0.5 --pids-limit 50 tiny "
                + "/usr/bin/cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max");
        assertEquals(List.of("67108864", "50000 100000", "50"), limits.lines().toList());
    }

    @Test
    @Order(7)
    void everythingSurvivesAReboot() {
        vm.reboot();
        ok("sudo mountpoint -q /var/lib/docker");
        assertEquals("precious", ok("sudo cat /var/lib/docker/bollard-marker/data"));
        Bollard.Run verify = bollard("verify");
        assertEquals(0, verify.code(), verify.toString());
        controlsHold(verify);
        String audit = ok("sudo auditctl -l");
        // a path made after auditd loads its rules at boot (the socket: by containerd's drop-in)
        for (String path : List.of("/usr/sbin/dockerd", "/run/containerd", "/run/containerd/containerd.sock", "/etc/docker/daemon.json")) {
            assertTrue(audit.lines().anyMatch(l -> l.startsWith("-w " + path + " ") || l.startsWith("-w " + path + "/ ")), path + " not watched after the reboot: " + audit);
        }
    }

    @Test
    @Order(8)
    void verifyNamesTheControlWhenSomeoneEditsByHand() {
        ok("sudo sed -i 's/\"icc\": false/\"icc\": true/' /etc/docker/daemon.json && sudo systemctl restart docker");
        Bollard.Run drift = bollard("verify");
        assertEquals(2, drift.code(), drift.toString());
        assertEquals("failed", drift.task("daemon.json carries the hardened settings (merged, never overwritten)").get(0).path("status").asText());
        // it held at the verify after the reboot: drifted since then
        assertEquals("drifted", controls(drift).get("cis-2.2"), drift.toString());
        List<String> drifted = new java.util.ArrayList<>();
        drift.recap("vps").path("drift").forEach(d -> drifted.add(d.path("task").asText()));
        assertTrue(drifted.contains("daemon.json carries the hardened settings (merged, never overwritten)"), drifted.toString());
        assertEquals("holds", controls(drift).get("cis-2.15"), drift.toString());
    }

    private static String asTenant(String tenant, String command) {
        return ok("sudo -u " + tenant + " env XDG_RUNTIME_DIR=/run/user/$(id -u " + tenant + ") DOCKER_HOST=unix:///run/user/$(id -u "
                + tenant + ")/docker.sock sh -c \"" + command.replace("\"", "\\\"") + "\"");
    }
}
