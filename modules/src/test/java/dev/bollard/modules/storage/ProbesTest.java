package dev.bollard.modules.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every read a storage plan makes is one of its probes: with them fetched, the plan costs one round trip. */
class ProbesTest {
    static final long GIB = 1L << 30;
    final ScriptedConnection host = new ScriptedConnection()
            .on("pvs --noheadings", "  /dev/vdb|docker\n")
            .on("vgs --noheadings", "  docker|" + (40 * GIB) + "|" + (20 * GIB) + "|4194304|1\n")
            .on("lvs --noheadings", "  lvol0|docker|" + (20 * GIB) + "|/dev/docker/lvol0\n")
            .device("/dev/vdb", 40 * GIB, "TYPE=LVM2_member\n").device("/dev/vdc", 5 * GIB, "")
            .device("/dev/docker/lvol0", 30 * GIB, "UUID=1f2e\nTYPE=ext4\nUSAGE=filesystem\n")
            .on("dumpe2fs -h", "Block count:              5242880\nBlock size:               4096\n")
            .on("findmnt -n -r", "").on("readlink -e", "/dev/dm-0\n").on("if [ -d ", "dir\n");
    final Engine engine = new Engine(host, true);

    int roundTrips(dev.bollard.spi.Module<?> module, Map<String, ?> args) throws Exception {
        int before = host.roundTrips();
        engine.plan(module, args);
        return host.roundTrips() - before;
    }

    @Test
    void eachPlanReadsTheHostInOneRoundTrip() throws Exception {
        host.files.put("/etc/fstab", "");
        assertEquals(1, roundTrips(new LvgModule(), Map.of("vg", "docker", "pvs", List.of("/dev/vdb", "/dev/vdc"))));
        assertEquals(1, roundTrips(new LvgModule(), Map.of("vg", "docker", "state", "absent", "force", true)));
        assertEquals(1, roundTrips(new LvolModule(), Map.of("vg", "docker", "lv", "lvol0", "size", "30G")));
        assertEquals(1, roundTrips(new FilesystemModule(), Map.of("dev", "/dev/docker/lvol0", "fstype", "ext4", "resizefs", true)));
        assertEquals(1, roundTrips(new MountModule(), Map.of("path", "/srv", "src", "/dev/docker/lvol0", "fstype", "ext4",
                "state", "mounted")));
        assertEquals(1, roundTrips(new MountModule(), Map.of("path", "/srv", "state", "absent")));
    }

    @Test
    void aPlanOnItsOwnFetchesItsReadsInOneRoundTripToo() throws Exception {
        // as in a verify after a change: nothing prefetched, the host's answers dropped
        LvolModule lvol = new LvolModule();
        LvolModule.Args args = engine.parse(lvol, Map.of("vg", "docker", "lv", "lvol0", "size", "20G"));
        engine.state.forget();
        int before = host.roundTrips();
        lvol.plan(args, engine.ctx());
        assertEquals(1, host.roundTrips() - before);
    }
}
