package dev.bollard.modules.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LvgModuleTest {
    static final long GIB = 1L << 30;
    static final String EXT4 = "DEVNAME=/dev/vdb\nUUID=7f38ae5a\nTYPE=ext4\nUSAGE=filesystem\n";
    final LvgModule lvg = new LvgModule();
    /** A host with LVM installed and no PVs, VGs or LVs yet. */
    final ScriptedConnection host = new ScriptedConnection().on("pvs --noheadings", "").on("vgs --noheadings", "")
            .on("lvs --noheadings", "");

    static List<String> commands(Plan plan) {
        return ((Plan.Change) plan).steps().stream().map(Step::describe).toList();
    }

    @Test
    void createsVgOnBlankDeviceThenHasNothingToDo() throws Exception {
        host.device("/dev/vdb", 10 * GIB, "").succeeds("pvcreate /dev/vdb", "vgcreate docker /dev/vdb");
        Engine engine = new Engine(host, false);
        Plan plan = engine.run(lvg, Map.of("vg", "docker", "pvs", List.of("/dev/vdb")));
        assertEquals(List.of("pvcreate /dev/vdb", "vgcreate docker /dev/vdb"), commands(plan));
        assertEquals("create VG docker on /dev/vdb (about 10236 MiB)", ((Plan.Change) plan).summary());
        assertEquals("--- /dev/null\n+++ after: VG docker (pvs)\n@@ -0,0 +1,1 @@\n+/dev/vdb\n",
                ((Plan.Change) plan).diffs().get(0).unified());
        assertEquals(List.of("pvcreate /dev/vdb", "vgcreate docker /dev/vdb"), host.changes());

        host.on("pvs --noheadings", "  /dev/vdb|docker\n")
                .on("vgs --noheadings", "  docker|10733223936|10733223936|4194304|0\n")
                .device("/dev/vdb", 10 * GIB, "TYPE=LVM2_member\nUSAGE=raid\n");
        Plan again = engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb"));
        assertEquals("VG docker on /dev/vdb", assertInstanceOf(Plan.NoOp.class, again).reason());
    }

    @Test
    void refusesDeviceWithPartitionTableUnlessForced() throws Exception {
        host.device("/dev/vdb", 10 * GIB, "PTUUID=1234\nPTTYPE=gpt\n");
        Engine engine = new Engine(host, false);
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb")));
        assertEquals("/dev/vdb on web1 holds a gpt partition table; set force: true to use it for VG docker (destroys its data)",
                f.getMessage());
        Plan forced = engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb", "force", true));
        assertEquals(List.of("pvcreate -ff -y /dev/vdb", "vgcreate docker /dev/vdb"), commands(forced));
    }

    @Test
    void refusesDeviceWithFilesystem() throws Exception {
        host.device("/dev/vdb", 10 * GIB, EXT4);
        ModuleFailure f = assertThrows(ModuleFailure.class,
                () -> new Engine(host, false).plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb")));
        assertTrue(f.getMessage().startsWith("/dev/vdb on web1 holds a ext4 filesystem; set force: true"), f.getMessage());
        assertTrue(host.changes().isEmpty());
    }

    @Test
    void refusesPvOfAnotherVgUnlessForced() throws Exception {
        host.on("pvs --noheadings", "  /dev/vdb|data\n").on("vgs --noheadings", "  data|10733223936|0|4194304|1\n")
                .device("/dev/vdb", 10 * GIB, "TYPE=LVM2_member\nUSAGE=raid\n");
        Engine engine = new Engine(host, false);
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb")));
        assertEquals("/dev/vdb on web1 is already a physical volume of VG data; set force: true to take it for VG docker"
                + " (destroys VG data's data on it)", f.getMessage());
        Plan forced = engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb", "force", "yes"));
        assertEquals(List.of("pvcreate -ff -y /dev/vdb", "vgcreate docker /dev/vdb"), commands(forced));
    }

    @Test
    void missingDeviceIsAClearFailure() {
        host.missing("/dev/vdz");
        ModuleFailure f = assertThrows(ModuleFailure.class,
                () -> new Engine(host, false).plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdz")));
        assertEquals("/dev/vdz does not exist on web1 (pvs of VG docker)", f.getMessage());
    }

    @Test
    void unassignedPvIsUsedWithoutPvcreateAndSymlinksMatchByTarget() throws Exception {
        host.on("pvs --noheadings", "  /dev/vdb|\n")
                .device("/dev/disk/by-id/virtio-disk2", "/dev/vdb", 10 * GIB, "TYPE=LVM2_member\nUSAGE=raid\n");
        Plan plan = new Engine(host, false).plan(lvg, Map.of("vg", "docker", "pvs", "/dev/disk/by-id/virtio-disk2"));
        assertEquals(List.of("vgcreate docker /dev/disk/by-id/virtio-disk2"), commands(plan));
    }

    @Test
    void extendsWithNewDevicesAndNeverReduces() throws Exception {
        host.on("pvs --noheadings", "  /dev/vdb|docker\n").on("vgs --noheadings", "  docker|10733223936|0|4194304|1\n")
                .device("/dev/vdb", 10 * GIB, "TYPE=LVM2_member\n").device("/dev/vdc", 5 * GIB, "");
        Engine engine = new Engine(host, false);
        Plan plan = engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb,/dev/vdc"));
        assertEquals(List.of("pvcreate /dev/vdc", "vgextend docker /dev/vdc"), commands(plan));
        assertEquals("--- before: VG docker (pvs)\n+++ after: VG docker (pvs)\n@@ -1,1 +1,2 @@\n /dev/vdb\n+/dev/vdc\n",
                ((Plan.Change) plan).diffs().get(0).unified());

        host.on("pvs --noheadings", "  /dev/vdb|docker\n  /dev/vdc|docker\n");
        Plan subset = engine.plan(lvg, Map.of("vg", "docker", "pvs", List.of("/dev/vdc")));
        assertEquals("VG docker on /dev/vdb, /dev/vdc", assertInstanceOf(Plan.NoOp.class, subset).reason());
    }

    @Test
    void removesOnlyAnEmptyVgUnlessForced() throws Exception {
        host.on("pvs --noheadings", "  /dev/vdb|docker\n").on("vgs --noheadings", "  docker|10733223936|0|4194304|2\n");
        Engine engine = new Engine(host, false);
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvg, Map.of("vg", "docker", "state", "absent")));
        assertEquals("VG docker on web1 still holds 2 logical volume(s); remove them first or set force: true (destroys their data)",
                f.getMessage());
        assertEquals(List.of("vgremove -f docker"), commands(engine.plan(lvg, Map.of("vg", "docker", "state", "absent", "force", true))));

        host.on("vgs --noheadings", "  docker|10733223936|10733223936|4194304|0\n");
        assertEquals(List.of("vgremove docker"), commands(engine.plan(lvg, Map.of("vg", "docker", "state", "absent"))));
        host.on("vgs --noheadings", "").on("pvs --noheadings", "");
        assertEquals("VG docker does not exist",
                assertInstanceOf(Plan.NoOp.class, engine.plan(lvg, Map.of("vg", "docker", "state", "absent"))).reason());
    }

    @Test
    void saysWhenLvmIsNotInstalled() {
        host.on("pvs --noheadings", 127, "sh: 1: pvs: not found\n");
        ModuleFailure f = assertThrows(ModuleFailure.class,
                () -> new Engine(host, false).plan(lvg, Map.of("vg", "docker", "state", "absent")));
        assertEquals("LVM tools are not installed on web1 (pvs not found); install the lvm2 package first, e.g. with an apt "
                + "task before this one", f.getMessage());
    }

    @Test
    void checkModePlansOnABareHostWhenAnEarlierTaskInstallsLvm() throws Exception {
        host.on("pvs --noheadings", 127, "sh: 1: pvs: not found\n").on("vgs --noheadings", 127, "sh: 1: vgs: not found\n");
        host.device("/dev/vdb", 10 * GIB, "");
        Engine engine = new Engine(host, true);
        engine.state.predict(Prediction.debianPackage("lvm2"), "");
        Plan plan = engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb"));
        assertEquals(List.of("pvcreate /dev/vdb", "vgcreate docker /dev/vdb"), commands(plan));
        host.device("/dev/vdb", 10 * GIB, "UUID=1f2e\nTYPE=ext4\nUSAGE=filesystem\n");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb")));
        assertTrue(f.getMessage().contains("holds"), f.getMessage());
    }

    @Test
    void checkModePredictsTheVgSizeAndRunsNothing() throws Exception {
        host.device("/dev/vdb", 10 * GIB, "");
        Engine engine = new Engine(host, true);
        engine.run(lvg, Map.of("vg", "docker", "pvs", "/dev/vdb", "pesize", "8m"));
        long usable = 10 * GIB - (8L << 20);
        assertEquals(new Prediction.VolumeGroup(usable, usable, 8L << 20),
                engine.state.predicted(Prediction.volumeGroup("docker")).value().orElseThrow());
        assertTrue(host.changes().isEmpty(), host.changes().toString());
    }

    @Test
    void badArgumentsNameTheKey() {
        Engine engine = new Engine(host, false);
        assertEquals("vg", assertThrows(ArgsException.class, () -> engine.parse(lvg, Map.of("pvs", "/dev/vdb"))).key());
        assertEquals("vg", assertThrows(ArgsException.class, () -> engine.parse(lvg, Map.of("vg", "-x"))).key());
        assertEquals("pvs", assertThrows(ArgsException.class, () -> engine.parse(lvg, Map.of("vg", "d", "pvs", "vdb"))).key());
        assertEquals("state", assertThrows(ArgsException.class, () -> engine.parse(lvg, Map.of("vg", "d", "state", "gone"))).key());
        assertEquals("pesize", assertThrows(ArgsException.class, () -> engine.parse(lvg, Map.of("vg", "d", "pesize", "10%VG"))).key());
        assertEquals("pvz", assertThrows(ArgsException.class, () -> engine.parse(lvg, Map.of("vg", "d", "pvz", "/dev/x"))).key());
    }
}
