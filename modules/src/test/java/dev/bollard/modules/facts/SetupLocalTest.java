package dev.bollard.modules.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.LocalHost;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup on this machine's own shell: one round trip, the facts every Linux host has, with Ansible's types. */
class SetupLocalTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(Plan plan) {
        return (Map<String, Object>) assertInstanceOf(Plan.NoOp.class, plan).data().get("ansible_facts");
    }

    @Test
    void gathersEverythingInOneRoundTrip() throws Exception {
        LocalHost host = new LocalHost(dir);
        Map<String, Object> f = facts(host.plan(new SetupModule(), Map.of(), true));
        assertEquals(1, host.state().roundTrips(), "one round trip, even in check mode");
        assertEquals("Linux", f.get("ansible_system"));
        assertEquals(System.getProperty("user.name"), f.get("ansible_user_id"));
        assertInstanceOf(Integer.class, f.get("ansible_memtotal_mb"));
        assertInstanceOf(Integer.class, f.get("ansible_user_uid"));
        assertInstanceOf(Integer.class, f.get("ansible_processor_vcpus"));
        assertInstanceOf(List.class, f.get("ansible_mounts"));
        assertInstanceOf(Map.class, f.get("ansible_date_time"));
        assertInstanceOf(String.class, f.get("ansible_distribution_major_version"));
        assertTrue(f.containsKey("ansible_virtualization_type"));
        assertEquals(List.of("all"), f.get("gather_subset"));
        assertEquals(true, f.get("module_setup"));
        for (String name : f.keySet()) {
            assertTrue(new SetupModule().factNames().contains(name), name + " is declared for the checks before a run");
        }
    }

    @Test
    void subsetAndFilter() throws Exception {
        LocalHost host = new LocalHost(dir);
        Map<String, Object> min = facts(host.plan(new SetupModule(), Map.of("gather_subset", "!all"), true));
        assertTrue(min.containsKey("ansible_distribution"));
        assertFalse(min.containsKey("ansible_mounts"), "hardware is not in the minimal set");
        Map<String, Object> some = facts(host.plan(new SetupModule(), Map.of("filter", List.of("distribution*", "ansible_os_family")), true));
        assertTrue(some.keySet().stream().allMatch(k -> k.startsWith("ansible_distribution") || k.equals("ansible_os_family")), some.toString());
        assertTrue(some.containsKey("ansible_distribution_release"));
        ArgsException e = assertThrows(ArgsException.class, () -> host.plan(new SetupModule(), Map.of("gather_subset", "facter"), true));
        assertEquals("gather_subset", e.key());
    }
}
