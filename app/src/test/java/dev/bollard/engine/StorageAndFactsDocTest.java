package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.Args;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The storage and facts modules declare their arguments and document themselves, and each task
 * of their examples binds to the declaration of its module (templates left for the run; actions
 * such as debug are the engine's).
 */
class StorageAndFactsDocTest {
    private static final List<String> STORAGE = List.of("lvg", "lvol", "filesystem", "mount");
    private static final List<String> FACTS = List.of("setup", "package_facts", "service_facts");
    private final ModuleRegistry registry = ModuleRegistry.load();

    @Test
    void everyExampleTaskBindsToItsModule() throws Exception {
        for (String name : concat(STORAGE, FACTS)) {
            Module<?> module = registry.find(name).orElseThrow();
            assertNotNull(module.spec(), name + " declares its arguments");
            ModuleDoc doc = module.doc();
            assertNotNull(doc, name + " documents itself");
            assertFalse(doc.summary().isBlank() || doc.verifies().isBlank() || doc.checkMode().isBlank(), name);
            if (STORAGE.contains(name)) {
                assertTrue(doc.example().startsWith("# disk: a blank disk such as /dev/vdb\n"), name + ": " + doc.example());
            }
            List<?> tasks = new Yaml().load(doc.example());
            boolean usesItself = false;
            for (Object t : tasks) {
                Map<?, ?> task = (Map<?, ?>) t;
                for (Map.Entry<?, ?> e : task.entrySet()) {
                    if (e.getKey().equals("name") || Actions.NAMES.contains(e.getKey())) continue;
                    Module<?> m = registry.find((String) e.getKey()).orElseThrow(() -> new AssertionError(name + ": no module " + e.getKey()));
                    usesItself |= m == module || m.name().equals(name);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> args = e.getValue() == null ? Map.of() : (Map<String, Object>) e.getValue();
                    m.parse(Args.bind(m, args, true));
                }
            }
            assertTrue(usesItself, name + "'s example uses " + name);
        }
    }

    @Test
    void namesAndDefaultsFollowAnsible() {
        assertEquals(List.of("device", "src"), registry.find("filesystem").orElseThrow().spec().param("dev").aliases());
        assertEquals(List.of("type"), registry.find("filesystem").orElseThrow().spec().param("fstype").aliases());
        assertEquals(List.of("name"), registry.find("mount").orElseThrow().spec().param("path").aliases());
        assertTrue(registry.find("mount").orElseThrow().spec().param("state").required());
        assertEquals(List.of("all"), registry.find("setup").orElseThrow().spec().param("gather_subset").defaultValue());
        assertEquals(List.of("auto"), registry.find("package_facts").orElseThrow().spec().param("manager").defaultValue());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
