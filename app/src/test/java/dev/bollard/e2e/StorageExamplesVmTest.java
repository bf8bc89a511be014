package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleRegistry;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.vm.QemuVm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples {@code bollard doc} prints for lvg, lvol, filesystem and mount run as written on a
 * real kernel with the VM's blank disk as {@code disk}, each converging on a second run. They build
 * on one another (a VG, then an LV in it, then its filesystem, then its mount), in that order.
 */
@Tag("vm")
class StorageExamplesVmTest {
    private static QemuVm vm;
    private static Path inventory;

    @TempDir
    static Path dir;

    @BeforeAll
    static void boot() throws Exception {
        vm = QemuVm.start();
        inventory = vm.inventory(dir, "disk: /dev/vdb");
    }

    @AfterAll
    static void shutdown() {
        if (vm != null) vm.close();
    }

    @Test
    void theStorageExamplesRunAndConverge() throws Exception {
        for (String module : new String[] {"lvg", "lvol", "filesystem", "mount"}) {
            ModuleDoc doc = ModuleRegistry.load().find(module).orElseThrow().doc();
            String play = ModuleExamplesE2ETest.play(doc, false);
            Path book = Files.writeString(dir.resolve(module + ".yml"), play);
            String[] args = {book.toString(), "-i", inventory.toString(), "--json", "--host-key-policy", "off"};
            Bollard.Run first = Bollard.run(args);
            assertEquals(0, first.code(), module + ":\n" + play + first);
            Bollard.Run second = Bollard.run(args);
            assertEquals(0, second.code(), second.toString());
            assertEquals(0, second.changed("vps"), module + " changed something on the second run:\n" + second);
        }
        String mounted = vm.exec("findmnt -n -o SOURCE,FSTYPE /srv/scratch").stdout().strip();
        assertTrue(mounted.matches("/dev/mapper/data-scratch\\s+ext4"), mounted);
        assertTrue(vm.exec("grep -c ' /srv/scratch ' /etc/fstab").stdout().strip().equals("1"), "one fstab line");
    }
}
