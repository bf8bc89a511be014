package dev.bollard.modules.storage;

import static dev.bollard.modules.storage.LvgModuleTest.commands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seed 001 in check mode on a fresh host (blank /dev/vdb, no VG): each task plans against what the
 * earlier ones would leave behind, on one HostState, and nothing on the host changes.
 */
class CheckModeChainTest {
    static final long GIB = 1L << 30;

    @Test
    void lvgLvolFilesystemMountPlanAgainstPredictions() throws Exception {
        ScriptedConnection host = new ScriptedConnection();
        host.on("pvs --noheadings", "").on("vgs --noheadings", "").on("lvs --noheadings", "")
                .device("/dev/vdb", 25 * GIB, "").missing("/dev/mapper/docker-lvol0")
                .on("findmnt -n -r", "").on("readlink -e", 1, "").on("if [ -d ", "dir\n");
        host.files.put("/etc/fstab", "UUID=0a1b / ext4 errors=remount-ro 0 1\n");
        Engine engine = new Engine(host, true);

        Plan vg = engine.run(new LvgModule(), Map.of("vg", "docker", "pvs", List.of("/dev/vdb")));
        assertEquals("create VG docker on /dev/vdb (about 25596 MiB)", ((Plan.Change) vg).summary());

        Plan lv = engine.run(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "size", "20G"));
        assertEquals("would create LV lvol0 in VG docker (20 GiB) once VG docker exists", ((Plan.Change) lv).summary());
        assertEquals(List.of("lvcreate --yes -n lvol0 -L 20G docker"), commands(lv));

        Plan fs = engine.run(new FilesystemModule(), Map.of("dev", "/dev/mapper/docker-lvol0", "fstype", "ext4"));
        assertEquals("would create ext4 on /dev/mapper/docker-lvol0", ((Plan.Change) fs).summary());

        Map<String, Object> mountArgs = Map.of("path", "/var/lib/docker", "src", "/dev/docker/lvol0", "fstype", "ext4",
                "opts", "errors=remount-ro", "passno", 1, "state", "mounted");
        Plan mount = engine.run(new MountModule(), mountArgs);
        assertEquals(List.of("mount -t ext4 -o errors=remount-ro /dev/docker/lvol0 /var/lib/docker", "write /etc/fstab (100 bytes)"),
                commands(mount));

        // a second pass in the same check run sees the predicted state
        assertEquals("LV /dev/docker/lvol0 would be 20 GiB in VG docker", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "size", "20G"))).reason());
        assertEquals("/dev/mapper/docker-lvol0 would hold ext4", assertInstanceOf(Plan.NoOp.class,
                engine.plan(new FilesystemModule(), Map.of("dev", "/dev/mapper/docker-lvol0", "fstype", "ext4"))).reason());
        assertEquals("/var/lib/docker would be mounted from /dev/docker/lvol0 (errors=remount-ro)",
                assertInstanceOf(Plan.NoOp.class, engine.plan(new MountModule(), mountArgs)).reason());
        // a second LV cannot take more than the predicted VG has left
        Plan tooBig = null;
        try {
            tooBig = engine.plan(new LvolModule(), Map.of("vg", "docker", "lv", "other", "size", "10G"));
        } catch (dev.bollard.spi.ModuleFailure e) {
            assertEquals("LV /dev/docker/other needs 10 GiB but VG docker has only 5116 MiB free on web1", e.getMessage());
        }
        assertEquals(null, tooBig);

        assertTrue(host.changes().isEmpty(), "check mode ran: " + host.changes());
        assertEquals("UUID=0a1b / ext4 errors=remount-ro 0 1\n", host.files.get("/etc/fstab"));
    }
}
