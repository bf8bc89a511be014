package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.bollard.spi.ModuleRegistry;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The documented example of each file module runs as written, as root on Debian with systemd, and a second run changes nothing. */
class FileModuleExamplesE2ETest {
    private static SshTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = SshTarget.systemd();
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy", "template", "file", "lineinfile", "blockinfile", "json_merge", "stat"})
    void exampleRunsAndConverges(String module) throws Exception {
        var doc = ModuleRegistry.load().find(module).orElseThrow().doc();
        assertNotNull(doc, module + " has no doc");
        StringBuilder play = new StringBuilder("- hosts: all\n  gather_facts: false\n  tasks:\n");
        for (String line : doc.example().split("\n")) play.append("    ").append(line).append('\n');
        Path book = Files.writeString(dir.resolve(module + ".yml"), play.toString());
        Path inv = Bollard.inventory(dir, "root", target);
        String[] args = {book.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off"};
        Bollard.Run first = Bollard.run(args);
        assertEquals(0, first.code(), module + ":\n" + play + first);
        Bollard.Run second = Bollard.run(args);
        assertEquals(0, second.code(), second.toString());
        assertEquals(0, second.changed("t1"), module + " changed something on the second run:\n" + second);
        target.exec("rm -rf /etc/bollard-example /tmp/bollard-example*");
    }
}
