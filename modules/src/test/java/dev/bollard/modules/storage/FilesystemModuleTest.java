package dev.bollard.modules.storage;

import static dev.bollard.modules.storage.LvgModuleTest.commands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilesystemModuleTest {
    static final long GIB = 1L << 30;
    static final String DEV = "/dev/docker/lvol0";
    final FilesystemModule fs = new FilesystemModule();
    final ScriptedConnection host = new ScriptedConnection();
    final Engine engine = new Engine(host, false);

    @Test
    void createsOnBlankDeviceThenSeesIt() throws Exception {
        host.device(DEV, 20 * GIB, "").succeeds("mkfs.ext4 /dev/docker/lvol0");
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.run(fs, Map.of("dev", DEV, "fstype", "ext4")));
        assertEquals("create ext4 on /dev/docker/lvol0", c.summary());
        assertEquals(List.of("mkfs.ext4 /dev/docker/lvol0"), host.changes());

        host.device(DEV, 20 * GIB, "UUID=1f2e\nTYPE=ext4\nUSAGE=filesystem\n");
        assertEquals("/dev/docker/lvol0 holds ext4",
                assertInstanceOf(Plan.NoOp.class, engine.plan(fs, Map.of("dev", DEV, "fstype", "EXT4"))).reason());
    }

    @Test
    void refusesAnotherFilesystemUnlessForced() throws Exception {
        host.device(DEV, 20 * GIB, "UUID=1f2e\nTYPE=xfs\nUSAGE=filesystem\n");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", DEV, "fstype", "ext4")));
        assertEquals("/dev/docker/lvol0 on web1 already holds a xfs filesystem; set force: true to reformat (destroys its data)",
                f.getMessage());
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.plan(fs, Map.of("dev", DEV, "fstype", "ext4", "force", true)));
        assertEquals(List.of("mkfs.ext4 -F /dev/docker/lvol0"), commands(c));
        assertEquals("reformat ext4 on /dev/docker/lvol0", c.summary());
        host.device(DEV, 20 * GIB, "");
        assertEquals(List.of("mkfs.xfs -f /dev/docker/lvol0"), commands(engine.plan(fs, Map.of("dev", DEV, "fstype", "xfs", "force", true))));
    }

    @Test
    void refusesPartitionTablesPvsAndAmbiguousDevices() {
        host.device("/dev/vdb", 20 * GIB, "PTUUID=ab\nPTTYPE=dos\n");
        assertEquals("/dev/vdb on web1 already holds a dos partition table; set force: true to reformat (destroys its data)",
                assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", "/dev/vdb", "fstype", "ext4"))).getMessage());
        host.device("/dev/vdb", 20 * GIB, "TYPE=LVM2_member\nUSAGE=raid\n");
        assertEquals("/dev/vdb on web1 already holds an LVM physical volume; set force: true to reformat (destroys its data)",
                assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", "/dev/vdb", "fstype", "ext4"))).getMessage());
        host.on("d=/dev/vdb;", "@canon=/dev/vdb\n@size=1024\nblkid: ambivalent result\n@blkid_rc=8\n");
        assertEquals("/dev/vdb on web1 already holds more than one signature (see wipefs -n /dev/vdb); set force: true to reformat"
                + " (destroys its data)",
                assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", "/dev/vdb", "fstype", "ext4"))).getMessage());
        host.device("/dev/vdb", 20 * GIB, "TYPE=swap\nUSAGE=other\n");
        assertEquals("/dev/vdb on web1 already holds a swap signature; set force: true to reformat (destroys its data)",
                assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", "/dev/vdb", "fstype", "ext4"))).getMessage());
    }

    @Test
    void passesOptionsQuoted() throws Exception {
        host.device(DEV, 20 * GIB, "");
        assertEquals(List.of("mkfs.ext4 -L docker -m 1 /dev/docker/lvol0"),
                commands(engine.plan(fs, Map.of("dev", DEV, "fstype", "ext4", "opts", "-L docker  -m 1"))));
        assertEquals(List.of("mkswap /dev/docker/lvol0"), commands(engine.plan(fs, Map.of("dev", DEV, "fstype", "swap"))));
    }

    @Test
    void missingDeviceIsAClearFailure() {
        host.missing(DEV);
        assertEquals("/dev/docker/lvol0 does not exist on web1",
                assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", DEV, "fstype", "ext4"))).getMessage());
    }

    @Test
    void resizefsGrowsExtToFillItsDevice() throws Exception {
        host.device(DEV, 30 * GIB, "TYPE=ext4\nUSAGE=filesystem\n")
                .on("dumpe2fs -h", "Block count:              5242880\nBlock size:               4096\n");
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.plan(fs, Map.of("dev", DEV, "fstype", "ext4", "resizefs", true)));
        assertEquals(List.of("resize2fs /dev/docker/lvol0"), commands(c));
        assertEquals("grow the ext4 filesystem on /dev/docker/lvol0 from 20 GiB to 30 GiB", c.summary());
        host.on("dumpe2fs -h", "Block count:              7864320\nBlock size:               4096\n");
        assertInstanceOf(Plan.NoOp.class, engine.plan(fs, Map.of("dev", DEV, "fstype", "ext4", "resizefs", true)));
    }

    @Test
    void absentWipesSignatures() throws Exception {
        host.device("/dev/vdb", GIB, "TYPE=ext4\nUSAGE=filesystem\n");
        assertEquals(List.of("wipefs -a /dev/vdb"), commands(engine.plan(fs, Map.of("dev", "/dev/vdb", "state", "absent"))));
        host.device("/dev/vdb", GIB, "");
        assertEquals("/dev/vdb holds no filesystem or signature",
                assertInstanceOf(Plan.NoOp.class, engine.plan(fs, Map.of("dev", "/dev/vdb", "state", "absent"))).reason());
    }

    @Test
    void badArgumentsNameTheKey() {
        assertEquals("fstype", assertThrows(ArgsException.class, () -> engine.parse(fs, Map.of("dev", DEV))).key());
        assertEquals("fstype", assertThrows(ArgsException.class, () -> engine.parse(fs, Map.of("dev", DEV, "fstype", "ext4;rm"))).key());
        assertEquals("dev", assertThrows(ArgsException.class, () -> engine.parse(fs, Map.of("dev", "vdb", "fstype", "ext4"))).key());
    }
}
