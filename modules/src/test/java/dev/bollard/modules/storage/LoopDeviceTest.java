package dev.bollard.modules.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ExecResult;
import dev.bollard.spi.LocalConnection;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage modules for real on loop devices of this machine, through LocalConnection. This kernel
 * has no device-mapper, so lvcreate cannot run here: the LV itself is left to the VM test.
 * Needs root, losetup, LVM tools and mkfs.ext4; skipped (with the reason) where they are missing.
 */
class LoopDeviceTest {
    @TempDir
    Path dir;
    final LocalConnection local = new LocalConnection();
    final List<String> loops = new ArrayList<>();
    final String vg = "bollardtest" + UUID.randomUUID().toString().substring(0, 8);
    Path mnt;

    String sh(String script) throws Exception {
        ExecResult r = local.exec(script, new byte[0], Duration.ofSeconds(60));
        if (!r.ok()) throw new AssertionError(script + ": " + r.firstErrorLine());
        return r.stdout().strip();
    }

    boolean ok(String script) throws Exception {
        return local.exec(script, new byte[0], Duration.ofSeconds(60)).ok();
    }

    @BeforeEach
    void loopDevices() throws Exception {
        Assumptions.assumeTrue(ok("[ \"$(id -u)\" = 0 ]"), "loop-device tests need root");
        for (String tool : new String[] {"losetup", "pvcreate", "vgcreate", "mkfs.ext4", "blkid", "findmnt"}) {
            Assumptions.assumeTrue(ok("command -v " + tool), tool + " is not installed (apt-get install lvm2 e2fsprogs util-linux)");
        }
        for (String name : new String[] {"a", "b", "c"}) {
            Path img = dir.resolve(name + ".img");
            sh("truncate -s 200M " + img);
            String loop = local.exec("losetup -f --show " + img, new byte[0], Duration.ofSeconds(30)).stdout().strip();
            Assumptions.assumeTrue(loop.startsWith("/dev/loop"), "losetup cannot attach loop devices here");
            loops.add(loop);
        }
        mnt = dir.resolve("mnt");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (mnt != null) ok("mountpoint -q " + mnt + " && umount " + mnt);
        ok("export LVM_SUPPRESS_FD_WARNINGS=1; vgremove -f " + vg);
        for (String loop : loops) {
            ok("export LVM_SUPPRESS_FD_WARNINGS=1; pvremove -ff -y " + loop);
            ok("losetup -d " + loop);
        }
    }

    @Test
    void lvgCreatesExtendsRefusesAndRemoves() throws Exception {
        String a = loops.get(0);
        String b = loops.get(1);
        String c = loops.get(2);
        sh("mkfs.ext4 -q " + c);
        Engine engine = new Engine(local, false);
        LvgModule lvg = new LvgModule();

        Plan created = engine.run(lvg, Map.of("vg", vg, "pvs", a));
        assertEquals("create VG " + vg + " on " + a + " (about 196 MiB)", ((Plan.Change) created).summary());
        assertEquals("VG " + vg + " on " + a, assertInstanceOf(Plan.NoOp.class, engine.plan(lvg, Map.of("vg", vg, "pvs", a))).reason());
        assertTrue(lvg.verify(engine.parse(lvg, Map.of("vg", vg, "pvs", a)), engine.ctx()).holds());

        ModuleFailure refused = assertThrows(ModuleFailure.class, () -> engine.plan(lvg, Map.of("vg", vg, "pvs", List.of(a, c))));
        assertEquals(c + " on web1 holds a ext4 filesystem; set force: true to use it for VG " + vg + " (destroys its data)",
                refused.getMessage());
        assertEquals("ext4", sh("blkid -p -o value -s TYPE " + c), "the refused device is untouched");

        Plan extended = engine.run(lvg, Map.of("vg", vg, "pvs", List.of(a, b)));
        assertEquals(List.of("pvcreate " + b, "vgextend " + vg + " " + b), LvgModuleTest.commands(extended));
        assertInstanceOf(Plan.NoOp.class, engine.plan(lvg, Map.of("vg", vg, "pvs", List.of(a, b))));
        assertEquals("392 MiB", SizeSpec.human(Long.parseLong(sh("export LVM_SUPPRESS_FD_WARNINGS=1; vgs --noheadings --units b "
                + "--nosuffix -o vg_size " + vg))));

        // lvol plans against the real VG (lvcreate itself needs device-mapper, absent on this kernel)
        Plan lv = new Engine(local, true).plan(new LvolModule(), Map.of("vg", vg, "lv", "lvol0", "size", "100%FREE"));
        assertEquals("create LV lvol0 in VG " + vg + " (392 MiB, 100%FREE)", ((Plan.Change) lv).summary());

        engine.run(lvg, Map.of("vg", vg, "state", "absent"));
        assertFalse(ok("export LVM_SUPPRESS_FD_WARNINGS=1; vgs " + vg + " >/dev/null 2>&1"));
        assertInstanceOf(Plan.NoOp.class, engine.plan(lvg, Map.of("vg", vg, "state", "absent")));
    }

    @Test
    void refusesARealPartitionTable() throws Exception {
        String a = loops.get(0);
        sh("printf '\\000\\040\\041\\000\\203\\376\\377\\377\\000\\010\\000\\000\\000\\000\\001\\000' | dd of=" + a
                + " bs=1 seek=446 conv=notrunc status=none && printf '\\125\\252' | dd of=" + a + " bs=1 seek=510 conv=notrunc status=none");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> new Engine(local, false).plan(new LvgModule(), Map.of("vg", vg, "pvs", a)));
        assertEquals(a + " on web1 holds a dos partition table; set force: true to use it for VG " + vg + " (destroys its data)",
                f.getMessage());
        assertThrows(ModuleFailure.class, () -> new Engine(local, false).plan(new FilesystemModule(), Map.of("dev", a, "fstype", "ext4")));
    }

    @Test
    void filesystemAndMountWithAPrivateFstab() throws Exception {
        String b = loops.get(1);
        Path fstab = dir.resolve("fstab");
        Files.writeString(fstab, "# private fstab\n/dev/sdz9\t/srv\text4\tdefaults\t0 2\n");
        Engine engine = new Engine(local, false);
        FilesystemModule fs = new FilesystemModule();

        engine.run(fs, Map.of("dev", b, "fstype", "ext4"));
        assertEquals("ext4", sh("blkid -p -o value -s TYPE " + b));
        assertEquals(b + " holds ext4", assertInstanceOf(Plan.NoOp.class, engine.plan(fs, Map.of("dev", b, "fstype", "ext4"))).reason());
        ModuleFailure refused = assertThrows(ModuleFailure.class, () -> engine.plan(fs, Map.of("dev", b, "fstype", "ext2")));
        assertEquals(b + " on web1 already holds a ext4 filesystem; set force: true to reformat (destroys its data)", refused.getMessage());

        MountModule mount = new MountModule();
        Map<String, Object> args = Map.of("path", mnt.toString(), "src", b, "fstype", "ext4", "opts", "errors=remount-ro",
                "passno", 2, "fstab", fstab.toString(), "state", "mounted");
        engine.run(mount, args);
        assertTrue(ok("mountpoint -q " + mnt));
        String line = b + " " + mnt + " ext4 errors=remount-ro 0 2\n";
        assertEquals("# private fstab\n/dev/sdz9\t/srv\text4\tdefaults\t0 2\n" + line, Files.readString(fstab));
        assertTrue(mount.verify(engine.parse(mount, args), engine.ctx()).holds());
        assertEquals(mnt + " mounted from " + b + " (errors=remount-ro)",
                assertInstanceOf(Plan.NoOp.class, engine.plan(mount, args)).reason());

        Map<String, Object> noatime = new java.util.HashMap<>(args);
        noatime.put("opts", "noatime,errors=remount-ro");
        Plan remount = engine.run(mount, noatime);
        assertEquals(List.of("mount -o remount,noatime,errors=remount-ro " + mnt, "write " + fstab + " (" + (Files.size(fstab)) + " bytes)"),
                LvgModuleTest.commands(remount));
        assertTrue(sh("findmnt -n -o OPTIONS --mountpoint " + mnt).contains("noatime"));
        assertInstanceOf(Plan.NoOp.class, engine.plan(mount, noatime));

        engine.run(mount, Map.of("path", mnt.toString(), "state", "unmounted", "fstab", fstab.toString()));
        assertFalse(ok("mountpoint -q " + mnt));
        assertTrue(Files.readString(fstab).contains(mnt.toString()), "unmounted keeps the fstab line");
        assertFalse(mount.verify(engine.parse(mount, args), engine.ctx()).holds());

        engine.run(mount, Map.of("path", mnt.toString(), "state", "absent", "fstab", fstab.toString()));
        assertEquals("# private fstab\n/dev/sdz9\t/srv\text4\tdefaults\t0 2\n", Files.readString(fstab));
    }
}
