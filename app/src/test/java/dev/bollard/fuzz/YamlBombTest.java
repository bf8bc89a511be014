package dev.bollard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to exhaust a YAML reader are refused at once, by name, with bounded memory: as a
 * playbook, as a vars file and as an inventory.
 */
class YamlBombTest {
    private static final long MAX_ALLOCATED = 600L * 1024 * 1024;
    private static final long MAX_MILLIS = 5_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"laughs-wide", "laughs-deep", "many-aliases", "self-alias", "deep-flow", "deep-block", "huge-scalar", "many-keys"})
    void isRefusedQuicklyByName(String bomb) throws Exception {
        String text = bomb(bomb);
        Path vars = dir.resolve("bomb-vars.yml");
        Files.writeString(vars, text);
        Path book = dir.resolve("site.yml");
        Files.writeString(book, "- hosts: all\n  vars_files: [bomb-vars.yml]\n  tasks:\n    - debug: msg=hi\n");
        expectRefused(vars, book.toString(), "--syntax-check");

        Path bookBomb = dir.resolve("bomb-play.yml");
        Files.writeString(bookBomb, "- hosts: all\n  vars:\n    x:\n" + text.indent(6) + "  tasks:\n    - debug: msg=hi\n");
        expectRefused(bookBomb, bookBomb.toString(), "--syntax-check");

        Path inv = dir.resolve("bomb-inventory.yml");
        Files.writeString(inv, "all:\n  vars:\n" + text.indent(4) + "  hosts:\n    web1:\n");
        expectRefused(inv, book.toString(), "-i", inv.toString(), "--syntax-check");
    }

    private void expectRefused(Path file, String... args) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        InputFuzzTest.Outcome o = InputFuzzTest.inThisThread(args);
        long millis = (System.nanoTime() - started) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(4, o.code(), o.err());
        assertTrue(o.err().contains(file.getFileName().toString()), "names the file: " + o.err());
        assertTrue(!o.err().contains("\tat "), o.err());
        assertTrue(millis < MAX_MILLIS, "refused in " + millis + " ms");
        assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated / (1024 * 1024) + " MiB");
    }

    static String bomb(String kind) throws IOException {
        StringBuilder b = new StringBuilder();
        switch (kind) {
            case "laughs-wide" -> { // 9 levels of 9 aliases each: 81 aliases that stand for 9^9 values
                b.append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (int i = 1; i <= 8; i++) b.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(8)).append("*a").append(i - 1).append("]\n");
            }
            case "laughs-deep" -> { // 40 levels of two aliases each: 2^40 values
                b.append("a0: &a0 [lol, lol]\n");
                for (int i = 1; i <= 40; i++) b.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
            }
            case "many-aliases" -> {
                b.append("base: &base {k: v}\nlist:\n");
                for (int i = 0; i < 5000; i++) b.append("  - *base\n");
            }
            case "self-alias" -> b.append("loop: &loop [a, *loop]\n");
            case "deep-flow" -> b.append("deep: ").append("[".repeat(100_000)).append("]".repeat(100_000)).append('\n');
            case "deep-block" -> {
                for (int i = 0; i < 2000; i++) b.append("  ".repeat(i)).append("k").append(i).append(":\n");
                b.append("  ".repeat(2000)).append("end\n");
            }
            case "huge-scalar" -> b.append("big: \"").append("x".repeat(50 * 1024 * 1024)).append("\"\n");
            case "many-keys" -> {
                for (int i = 0; i < 1_000_000; i++) b.append('k').append(i).append(": ").append(i).append('\n');
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return b.toString();
    }
}
