package dev.bollard.modules.storage;

import static dev.bollard.modules.storage.LvgModuleTest.commands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Check mode where an earlier task removes something: later tasks plan against it being gone
 * ("predicted absent"), not against the host as it still is, and not as if nothing was predicted.
 */
class PredictedAbsentTest {
    static final long GIB = 1L << 30;
    static final String DEV = "/dev/docker/lvol0";
    static final String EXT4 = "UUID=1f2e\nTYPE=ext4\nUSAGE=filesystem\n";

    /** VG docker of 40 GiB with LV lvol0 of 20 GiB holding ext4, mounted on /var/lib/docker. */
    final ScriptedConnection host = new ScriptedConnection()
            .on("pvs --noheadings", "  /dev/vdb|docker\n")
            .on("vgs --noheadings", "  docker|" + (40 * GIB) + "|" + (20 * GIB) + "|4194304|1\n")
            .on("lvs --noheadings", "  lvol0|docker|" + (20 * GIB) + "|/dev/docker/lvol0\n")
            .device(DEV, 20 * GIB, EXT4)
            .device("/dev/mapper/docker-lvol0", DEV, 20 * GIB, EXT4)
            .on("findmnt -n -r", "/dev/mapper/docker-lvol0 ext4 rw,relatime /dev/dm-0\n")
            .on("readlink -e /dev/docker/lvol0", "/dev/dm-0\n")
            .on("if [ -d ", "dir\n");
    final Engine engine = new Engine(host, true);

    @Test
    void anLvRemovedEarlierIsGoneForTheFilesystemAndTheMount() throws Exception {
        Plan removed = engine.run(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "state", "absent", "force", true));
        assertEquals(List.of("lvremove -f /dev/docker/lvol0"), commands(removed));
        assertTrue(engine.state.predicted(Prediction.logicalVolume(DEV)).isAbsent());
        // the space comes back to the VG
        assertEquals(new Prediction.VolumeGroup(40 * GIB, 40 * GIB, 4L << 20),
                engine.state.predicted(Prediction.volumeGroup("docker")).value().orElseThrow());

        // the LV still exists on the host, but a later task sees it gone, under either spelling
        ModuleFailure fs = assertThrows(ModuleFailure.class,
                () -> engine.plan(new FilesystemModule(), Map.of("dev", "/dev/mapper/docker-lvol0", "fstype", "ext4")));
        assertEquals("/dev/mapper/docker-lvol0 would not exist on web1: an earlier task removes it", fs.getMessage());
        assertEquals("/dev/docker/lvol0 would not exist (an earlier task removes it)", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new FilesystemModule(), Map.of("dev", DEV, "state", "absent"))).reason());
        assertEquals("LV lvol0 would not exist in VG docker", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "state", "absent"))).reason());

        // created again: it is there once more, blank
        Plan again = engine.run(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "size", "10G"));
        assertEquals("create LV lvol0 in VG docker (10 GiB)", ((Plan.Change) again).summary());
        assertEquals("would create ext4 on /dev/docker/lvol0", ((Plan.Change) engine.plan(new FilesystemModule(),
                Map.of("dev", DEV, "fstype", "ext4"))).summary());
        assertTrue(host.changes().isEmpty(), host.changes().toString());
    }

    @Test
    void aMountRemovedEarlierIsMountedAgain() throws Exception {
        host.files.put("/etc/fstab", "/dev/docker/lvol0 /var/lib/docker ext4 defaults 0 2\n");
        Map<String, Object> mounted = Map.of("path", "/var/lib/docker", "src", DEV, "fstype", "ext4", "passno", 2, "state", "mounted");
        assertInstanceOf(Plan.NoOp.class, engine.plan(new MountModule(), mounted));

        engine.run(new MountModule(), Map.of("path", "/var/lib/docker", "state", "unmounted"));
        assertTrue(engine.state.predicted(Prediction.mount("/var/lib/docker")).isAbsent());
        assertEquals("/var/lib/docker is not mounted", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new MountModule(), Map.of("path", "/var/lib/docker", "state", "unmounted"))).reason());
        assertEquals(List.of("mount -t ext4 -o defaults /dev/docker/lvol0 /var/lib/docker"),
                commands(engine.plan(new MountModule(), mounted)));
        assertTrue(host.changes().isEmpty(), host.changes().toString());
    }

    @Test
    void aFilesystemWipedEarlierIsMadeAgain() throws Exception {
        engine.run(new FilesystemModule(), Map.of("dev", DEV, "state", "absent"));
        assertTrue(engine.state.predicted(Prediction.filesystem(DEV)).isAbsent());
        assertEquals("/dev/docker/lvol0 would hold no filesystem or signature", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new FilesystemModule(), Map.of("dev", DEV, "state", "absent"))).reason());
        assertEquals(List.of("mkfs.ext4 /dev/docker/lvol0"), commands(engine.plan(new FilesystemModule(), Map.of("dev", DEV, "fstype", "ext4"))));
    }

    @Test
    void aVgRemovedEarlierIsGoneForLvolAndCreatedAgainByLvg() throws Exception {
        host.on("vgs --noheadings", "  docker|" + (40 * GIB) + "|" + (40 * GIB) + "|4194304|0\n").on("lvs --noheadings", "")
                .device("/dev/vdb", 40 * GIB, "TYPE=LVM2_member\n");
        engine.run(new LvgModule(), Map.of("vg", "docker", "state", "absent"));
        assertTrue(engine.state.predicted(Prediction.volumeGroup("docker")).isAbsent());
        assertEquals("VG docker does not exist on web1; create it first (lvg)", assertThrows(ModuleFailure.class,
                () -> engine.plan(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "size", "1G"))).getMessage());
        assertEquals("VG docker would not exist", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new LvgModule(), Map.of("vg", "docker", "state", "absent"))).reason());
        // its PV stays a PV: no pvcreate
        assertEquals(List.of("vgcreate docker /dev/vdb"), commands(engine.plan(new LvgModule(), Map.of("vg", "docker", "pvs", "/dev/vdb"))));
    }

    @Test
    void aVgRemovedWithForceTakesItsLvsAndTheirFilesystemsWithIt() throws Exception {
        Plan removed = engine.run(new LvgModule(), Map.of("vg", "docker", "state", "absent", "force", true));
        assertEquals(List.of("vgremove -f docker"), commands(removed));
        assertTrue(engine.state.predicted(Prediction.logicalVolume(DEV)).isAbsent());
        assertTrue(engine.state.predicted(Prediction.filesystem(DEV)).isAbsent());
        assertEquals("/dev/mapper/docker-lvol0 would not exist on web1: an earlier task removes it", assertThrows(ModuleFailure.class,
                () -> engine.plan(new FilesystemModule(), Map.of("dev", "/dev/mapper/docker-lvol0", "fstype", "ext4"))).getMessage());
        assertEquals("LV lvol0 would not exist in VG docker", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "state", "absent"))).reason());
        assertTrue(host.changes().isEmpty(), host.changes().toString());
    }
}
