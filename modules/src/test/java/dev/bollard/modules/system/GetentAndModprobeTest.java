package dev.bollard.modules.system;

import static dev.bollard.modules.system.FakeHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** getent's facts as Ansible shapes them, and modprobe's boot configuration as Ansible writes it. */
class GetentAndModprobeTest {
    private final GetentModule getent = new GetentModule();
    private final ModprobeModule modprobe = new ModprobeModule();

    @Test
    void getentEntriesAreShapedAsAnsibles() {
        assertEquals(Map.of("root", List.of("x", "0", "0", "root", "/root", "/bin/bash")),
                GetentModule.entries("root:x:0:0:root:/root:/bin/bash\n", ":"));
        Map<String, Object> hosts = GetentModule.entries("127.0.0.1  localhost\n::1 localhost ip6-localhost\n", null);
        assertEquals(List.of("localhost"), hosts.get("127.0.0.1"));
        Map<String, Object> twice = GetentModule.entries("a b\na c\na d\n", null);
        assertEquals(List.of(List.of("b"), List.of("c"), List.of("d")), twice.get("a"));
    }

    @Test
    void getentSetsFactsInCheckModeAndHandlesMissingKeys() throws Exception {
        FakeHost h = new FakeHost().on("getent passwd root", "root:x:0:0:root:/root:/bin/bash\n").on("getent group nope", 2, "");
        Plan p = h.plan(getent, args("database", "passwd", "key", "root"), true);
        assertInstanceOf(Plan.NoOp.class, p);
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) p.data().get("ansible_facts");
        assertEquals(Map.of("root", List.of("x", "0", "0", "root", "/root", "/bin/bash")), facts.get("getent_passwd"));
        assertTrue(getent.factNames().contains("getent_passwd"));
        ModuleFailure missing = assertThrows(ModuleFailure.class, () -> h.plan(getent, args("database", "group", "key", "nope"), false));
        assertTrue(missing.getMessage().contains("nope is not in group"), missing.getMessage());
        Plan soft = h.plan(getent, args("database", "group", "key", "nope", "fail_key", false), false);
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) soft.data().get("ansible_facts")).get("getent_group");
        assertTrue(group.containsKey("nope") && group.get("nope") == null, group.toString());
        ArgsException service = assertThrows(ArgsException.class, () -> h.parse(getent, args("database", "passwd", "service", "files")));
        assertTrue(service.getMessage().contains("'service'"), service.getMessage());
        assertFalse(getent.hasPostcondition(h.parse(getent, args("database", "passwd"))));
    }

    private static Map<String, byte[]> files(String... pathAndContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pathAndContent.length; i += 2) m.put(pathAndContent[i], pathAndContent[i + 1].getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private static Map<String, String> text(Map<String, byte[]> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void persistentWritesAndCommentsOutLikeAnsible() throws Exception {
        FakeHost h = new FakeHost();
        var a = h.parse(modprobe, args("name", "br_netfilter", "params", "a=1 b=2", "persistent", "present"));
        Map<String, byte[]> before = files("/etc/modules-load.d/modules.conf", "# modules\n", "/etc/modprobe.d/old.conf",
                "options br_netfilter a=0\nblacklist foo\n");
        assertEquals(Map.of("/etc/modules-load.d/br_netfilter.conf", "br_netfilter\n",
                "/etc/modprobe.d/old.conf", "#options br_netfilter a=0\nblacklist foo\n",
                "/etc/modprobe.d/br_netfilter.conf", "options br_netfilter a=1\noptions br_netfilter b=2\n"),
                text(ModprobeModule.persist(a, before)));
        Map<String, byte[]> after = files("/etc/modules-load.d/modules.conf", "# modules\n", "/etc/modules-load.d/br_netfilter.conf", "br_netfilter\n",
                "/etc/modprobe.d/old.conf", "#options br_netfilter a=0\nblacklist foo\n",
                "/etc/modprobe.d/br_netfilter.conf", "options br_netfilter a=1\noptions br_netfilter b=2\n");
        assertTrue(ModprobeModule.persist(a, after).isEmpty());
        var gone = h.parse(modprobe, args("name", "br_netfilter", "state", "absent", "persistent", "absent"));
        assertEquals(Map.of("/etc/modules-load.d/br_netfilter.conf", "#br_netfilter\n",
                "/etc/modprobe.d/br_netfilter.conf", "#options br_netfilter a=1\n#options br_netfilter b=2\n"),
                text(ModprobeModule.unpersist(gone, after)));
        assertTrue(ModprobeModule.unpersist(gone, before.entrySet().stream().filter(e -> e.getKey().contains("modules.conf"))
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll)).isEmpty());
    }

    @Test
    void loadsOnlyWhatIsNotLoadedAndRefusesBadArguments() throws Exception {
        FakeHost h = new FakeHost().on("/proc/modules", "loaded\n");
        assertInstanceOf(Plan.NoOp.class, h.plan(modprobe, args("name", "overlay"), false));
        Plan unload = h.plan(modprobe, args("name", "overlay", "state", "absent"), false);
        assertTrue(unload instanceof Plan.Change c && c.summary().equals("unload overlay"), unload.toString());
        FakeHost absent = new FakeHost().on("/proc/modules", "absent\n");
        Plan load = absent.plan(modprobe, args("name", "dummy", "params", "numdummies=2"), false);
        assertTrue(load instanceof Plan.Change c && c.steps().get(0).describe().equals("load kernel module dummy"), load.toString());
        for (var bad : List.of(List.of("name", args("name", "a b")), List.of("params", args("name", "dummy", "params", "numdummies")),
                List.of("persistent", args("name", "dummy", "persistent", "yes")))) {
            @SuppressWarnings("unchecked")
            var given = (Map<String, Object>) bad.get(1);
            ArgsException e = assertThrows(ArgsException.class, () -> h.parse(modprobe, given));
            assertTrue(e.getMessage().contains("'" + bad.get(0) + "'"), e.getMessage());
        }
        assertTrue(Arrays.asList(ModprobeModule.loadedQuery("br-netfilter").split(" ")).contains("/sys/module/br_netfilter"));
    }
}
