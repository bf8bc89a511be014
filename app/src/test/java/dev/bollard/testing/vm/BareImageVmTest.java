package dev.bollard.testing.vm;

import dev.bollard.spi.ExecResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bare VM is a provider's minimal Debian 12: none of the tools the flagship installs are there, and
 * apt installs them from the Debian archive through the machine's apt cache.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BareImageVmTest {

    /**
     * What the flagship installs; the tools image has every one, the bare image none. Not setcap: Debian 12's
     * iproute2 depends on libcap2-bin (priority important), so every Debian 12 image has it.
     */
    private static final List<String> FLAGSHIP_COMMANDS = List.of(
            "dockerd", "pvs", "auditctl", "newuidmap", "rootlesskit", "slirp4netns", "socat", "jq", "setfacl");

    private static QemuVm vm;

    @BeforeAll
    static void boot() {
        vm = QemuVm.startBare();
    }

    @AfterAll
    static void shutdown() {
        if (vm != null) vm.close();
    }

    private static String ok(String command, Duration timeout) {
        ExecResult result = vm.exec(command, timeout);
        assertEquals(0, result.rc(), () -> "`" + command + "` failed on the VM: " + result.stderr() + result.stdout());
        return result.stdout().strip();
    }

    @Test
    @Order(1)
    void noneOfTheFlagshipToolsIsInstalled() {
        // sbin directories too: admin's PATH lacks them, and pvs, auditctl and setcap live there.
        String found = vm.exec("PATH=$PATH:/usr/sbin:/sbin; for c in " + String.join(" ", FLAGSHIP_COMMANDS)
                + "; do command -v $c; done; true").stdout().strip();
        assertEquals("", found, "the bare image must not carry these");
        // dpkg also knows packages it has only heard of (debootstrap's available list): count installed ones.
        assertEquals("", ok("dpkg-query -W -f '${db:Status-Abbrev} ${Package}\\n' docker.io lvm2 auditd uidmap acl"
                + " dbus-user-session 2>/dev/null | awk '$1 == \"ii\" { print $2 }'", Duration.ofMinutes(1)));
        assertEquals("vps", ok("hostname", Duration.ofMinutes(1)));
        assertTrue(ok("grep -h '^deb ' /etc/apt/sources.list", Duration.ofMinutes(1)).contains("bookworm-security"),
                "apt must know the security suite, as the machine's sources do");
    }

    @Test
    @Order(2)
    void aptInstallsFromTheArchiveThroughTheCache() throws Exception {
        AptCacheProxy cache = vm.aptCache().orElseThrow();
        assertTrue(ok("cat " + QemuVm.APT_PROXY_CONF, Duration.ofMinutes(1)).contains(":" + cache.port() + "/"));

        ok("sudo -n apt-get update -q", Duration.ofMinutes(5));
        ok("sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jq", Duration.ofMinutes(8));

        assertEquals("1", ok("echo '{\"a\": 1}' | jq .a", Duration.ofMinutes(1)));
        List<String> jqDebs = cache.debsServed().stream().filter(path -> path.contains("/jq_")).toList();
        assertEquals(1, jqDebs.size(), () -> "jq's .deb should have gone through the cache once: " + cache.debsServed());
        try (Stream<Path> files = Files.walk(cache.cacheDir())) {
            assertTrue(files.anyMatch(file -> file.getFileName().toString().startsWith("jq_")
                    && file.getFileName().toString().endsWith(".deb")), "jq's .deb is kept in " + cache.cacheDir());
        }
    }
}
