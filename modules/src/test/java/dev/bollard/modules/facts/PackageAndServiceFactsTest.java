package dev.bollard.modules.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** service_facts and package_facts on outputs recorded from a Debian 12 host, as Ansible 2.14 reported them there. */
class PackageAndServiceFactsTest {
    @Test
    void servicesAsAnsibleCombinesUnitsAndUnitFiles() {
        String units = """
                  UNIT                                 LOAD      ACTIVE   SUB     DESCRIPTION
                ● auditd.service                       not-found inactive dead    auditd.service
                  dbus.service                         loaded    active   running D-Bus System Message Bus
                  ssh.service                          loaded    active   running OpenBSD Secure Shell server
                """;
        String files = """
                UNIT FILE                              STATE           PRESET
                getty@.service                         enabled         enabled
                ssh.service                            enabled         enabled
                sshd.service                           alias           -
                dbus.service                           static          -
                """;
        Map<String, Object> s = ServiceFactsModule.parse(units, files, "ActiveState=active\n\nActiveState=active\n\nActiveState=active\n");
        assertEquals(Map.of("name", "auditd.service", "state", "stopped", "status", "not-found", "source", "systemd"), s.get("auditd.service"));
        assertEquals(Map.of("name", "ssh.service", "state", "running", "status", "enabled", "source", "systemd"), s.get("ssh.service"));
        assertEquals("static", ((Map<?, ?>) s.get("dbus.service")).get("status"));
        assertEquals("active", ((Map<?, ?>) s.get("sshd.service")).get("state"));
        assertEquals("unknown", ((Map<?, ?>) s.get("getty@.service")).get("state"));
    }

    @Test
    void packagesFromDpkg() {
        String out = "acl\t2.3.1-3\tamd64\tii \nlibc6:i386\t2.36-9\ti386\tii \nlibc6:amd64\t2.36-9\tamd64\tii \n"
                + "gone\t1.0\tamd64\trc \n";
        Map<String, Object> p = PackageFactsModule.parse(out, "amd64");
        assertEquals(List.of(Map.of("name", "acl", "version", "2.3.1-3", "arch", "amd64", "source", "apt")), p.get("acl"));
        assertTrue(p.containsKey("libc6:i386"));
        assertTrue(p.containsKey("libc6"), "the native architecture is not named");
        assertFalse(p.containsKey("gone"), "only configuration files left: not installed");
    }
}
