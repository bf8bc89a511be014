package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.bollard.engine.ActionSpecs;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleRegistry;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example {@code bollard doc} prints for each module and action runs as written, as root on
 * Debian with systemd, and a second run changes nothing. The storage modules need a disk and a
 * kernel with device-mapper: their examples run on the VM ({@code StorageExamplesVmTest}).
 */
class ModuleExamplesE2ETest {
    static final Set<String> STORAGE = Set.of("lvg", "lvol", "filesystem", "mount");
    private static SshTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = SshTarget.systemd();
        // a Debian host runs logind, which linger needs; the test image keeps it masked
        target.exec("systemctl unmask systemd-logind && systemctl start systemd-logind");
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    static List<String> documented() {
        Set<String> out = new TreeSet<>(ModuleRegistry.load().names());
        out.removeAll(STORAGE);
        out.addAll(ActionSpecs.DOCS.keySet());
        return List.copyOf(out);
    }

    static ModuleDoc doc(String name) {
        return ModuleRegistry.load().find(name).map(m -> m.doc()).orElseGet(() -> ActionSpecs.DOCS.get(name));
    }

    /** The example's tasks as a play for all hosts. */
    static String play(ModuleDoc doc, boolean gatherFacts) {
        StringBuilder play = new StringBuilder("- hosts: all\n  gather_facts: " + gatherFacts + "\n  tasks:\n");
        for (String line : doc.example().split("\n")) play.append("    ").append(line).append('\n');
        return play.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void exampleRunsAndConverges(String module) throws Exception {
        ModuleDoc doc = doc(module);
        assertNotNull(doc, module + " has no doc");
        String play = play(doc, true);
        Path book = Files.writeString(dir.resolve(module + ".yml"), play);
        // the one local file an example names, with the content its comment gives
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/motd.j2"), "Welcome to {{ inventory_hostname }} ({{ ansible_facts.distribution | default('Linux') }})\n");
        Path inv = Bollard.inventory(dir, "root", target);
        String[] args = {book.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off"};
        Bollard.Run first = Bollard.run(args);
        assertEquals(0, first.code(), module + ":\n" + play + first);
        Bollard.Run second = Bollard.run(args);
        assertEquals(0, second.code(), second.toString());
        assertEquals(0, second.changed("t1"), module + " changed something on the second run:\n" + second);
        if (module.equals("template")) {
            assertEquals("Welcome to t1 (Debian)\n", target.exec("cat /etc/bollard-example/motd").out());
        }
        target.exec("rm -rf /etc/bollard-example /tmp/bollard-example*");
    }
}
