package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ModuleRegistry;
import dev.bollard.spi.Param;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code bollard doc MODULE} for every module and action: every section, every declared argument, an example in YAML. */
class DocCommandTest {

    @Test
    void everyModuleAndActionIsDocumentedFromItsDeclaration() {
        Map<String, DocCommand.Entry> entries = DocCommand.entries(ModuleRegistry.load());
        assertTrue(entries.size() > 30, entries.keySet().toString());
        for (DocCommand.Entry e : entries.values()) {
            assertNotNull(e.doc(), e.name() + " documents itself");
            String text = DocCommand.render(e);
            for (String section : List.of("> " + e.name().toUpperCase(java.util.Locale.ROOT) + "\n", "\nARGUMENTS\n",
                    "\nVERIFIES AFTER APPLYING\n", "\nCHECK MODE PREDICTS FOR LATER TASKS\n", "\nEXAMPLE\n")) {
                assertTrue(text.contains(section), e.name() + " lacks " + section.strip() + ":\n" + text);
            }
            assertFalse(e.doc().summary().isBlank() || e.doc().verifies().isBlank() || e.doc().checkMode().isBlank(), e.name());
            if (e.spec() != null) {
                for (Param p : e.spec().params()) {
                    assertTrue(text.contains("\n  " + p.name() + " "), e.name() + " shows " + p.name() + ":\n" + text);
                    assertFalse(p.description() == null || p.description().isBlank(), e.name() + "." + p.name() + " has a description");
                }
            }
            Object example = new Yaml().load(e.doc().example());
            assertTrue(example instanceof List<?> l && !l.isEmpty(), e.name() + "'s example is a task list");
            boolean usesItself = ((List<?>) example).stream().anyMatch(t -> t instanceof Map<?, ?> m && m.containsKey(e.name()));
            assertTrue(usesItself || e.name().equals("systemd"), e.name() + "'s example uses " + e.name() + ":\n" + e.doc().example());
        }
    }
}
