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

class LvolModuleTest {
    static final long GIB = 1L << 30;
    final LvolModule lvol = new LvolModule();
    /** A host with LVM installed and no VGs or LVs yet. */
    final ScriptedConnection host = new ScriptedConnection().on("lvs --noheadings", "").on("vgs --noheadings", "");
    final Engine engine = new Engine(host, false);

    /** A VG of 40 GiB with {@code free} bytes free and 4 MiB extents. */
    void vg(long free) {
        host.on("vgs --noheadings", "  docker|" + (40 * GIB) + "|" + free + "|4194304|1\n");
    }

    void lv(long size) {
        host.on("lvs --noheadings", "  lvol0|docker|" + size + "|/dev/docker/lvol0\n");
    }

    Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("vg", "docker", "lv", "lvol0"));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void createsAnLvAndReportsItsPath() throws Exception {
        vg(40 * GIB);
        host.succeeds("lvcreate --yes -n lvol0 -L 20G docker");
        Plan plan = engine.run(lvol, args("size", "20G"));
        Plan.Change c = assertInstanceOf(Plan.Change.class, plan);
        assertEquals("create LV lvol0 in VG docker (20 GiB)", c.summary());
        assertEquals(List.of("lvcreate --yes -n lvol0 -L 20G docker"), host.changes());
        assertEquals("/dev/docker/lvol0", c.data().get("lv_path"));

        lv(20 * GIB);
        vg(20 * GIB);
        Plan.NoOp again = assertInstanceOf(Plan.NoOp.class, engine.plan(lvol, args("size", "20g")));
        assertEquals("LV /dev/docker/lvol0 is 20 GiB in VG docker", again.reason());
        assertEquals("/dev/docker/lvol0", again.data().get("lv_path"));
    }

    @Test
    void refusesWhatTheVgCannotHold() {
        vg(10 * GIB);
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvol, args("size", "20G")));
        assertEquals("LV /dev/docker/lvol0 needs 20 GiB but VG docker has only 10 GiB free on web1", f.getMessage());
    }

    @Test
    void percentagesAndRounding() throws Exception {
        vg(30 * GIB);
        assertEquals(List.of("lvcreate --yes -n lvol0 -l 100%FREE docker"), commands(engine.plan(lvol, args("size", "100%FREE"))));
        assertEquals("create LV lvol0 in VG docker (24 GiB, 60%VG)", ((Plan.Change) engine.plan(lvol, args("size", "60%vg"))).summary());
        assertEquals("create LV lvol0 in VG docker (12 MiB)", ((Plan.Change) engine.plan(lvol, args("size", "10m"))).summary());
    }

    @Test
    void growsWhenLarger() throws Exception {
        lv(20 * GIB);
        vg(20 * GIB);
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.plan(lvol, args("size", "30G", "resizefs", true)));
        assertEquals(List.of("lvextend --resizefs -L 30G /dev/docker/lvol0"), commands(c));
        assertEquals("grow LV /dev/docker/lvol0 from 20 GiB to 30 GiB with its filesystem", c.summary());
        assertEquals("--- before: /dev/docker/lvol0 (size)\n+++ after: /dev/docker/lvol0 (size)\n@@ -1,1 +1,1 @@\n-20 GiB\n+30 GiB\n",
                c.diffs().get(0).unified());
        assertEquals(List.of("lvextend -l +100%FREE /dev/docker/lvol0"), commands(engine.plan(lvol, args("size", "100%FREE"))));
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvol, args("size", "50G")));
        assertEquals("growing LV /dev/docker/lvol0 to 50 GiB needs 30 GiB more but VG docker has only 20 GiB free on web1", f.getMessage());
    }

    @Test
    void fullVgAndFreePercentagesAreStable() throws Exception {
        lv(40 * GIB);
        vg(0);
        assertInstanceOf(Plan.NoOp.class, engine.plan(lvol, args("size", "100%FREE")));
        vg(8 * GIB);
        assertEquals("LV /dev/docker/lvol0 is 40 GiB (50%FREE applies only when creating it)",
                assertInstanceOf(Plan.NoOp.class, engine.plan(lvol, args("size", "50%FREE"))).reason());
    }

    @Test
    void neverShrinksUnlessTold() throws Exception {
        lv(30 * GIB);
        vg(10 * GIB);
        assertEquals("LV /dev/docker/lvol0 is 30 GiB, more than the requested 20 GiB; not shrunk (set shrink: true to shrink it)",
                assertInstanceOf(Plan.NoOp.class, engine.plan(lvol, args("size", "20G"))).reason());
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvol, args("size", "20G", "shrink", true)));
        assertEquals("shrinking LV /dev/docker/lvol0 on web1 from 30 GiB to 20 GiB would cut off the end of its filesystem;"
                + " set resizefs: true to shrink the filesystem with it, or force: true if it holds no data", f.getMessage());
        assertEquals(List.of("lvreduce --resizefs --yes -L 20G /dev/docker/lvol0"),
                commands(engine.plan(lvol, args("size", "20G", "shrink", true, "resizefs", true))));
        assertEquals(List.of("lvreduce --force -L 20G /dev/docker/lvol0"),
                commands(engine.plan(lvol, args("size", "20G", "shrink", true, "force", true))));
        assertEquals(List.of(), host.changes());
    }

    @Test
    void removesOnlyWithForce() throws Exception {
        lv(20 * GIB);
        vg(20 * GIB);
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(lvol, args("state", "absent")));
        assertEquals("removing LV /dev/docker/lvol0 on web1 destroys its data; set force: true to remove it", f.getMessage());
        assertEquals(List.of("lvremove -f /dev/docker/lvol0"), commands(engine.plan(lvol, args("state", "absent", "force", true))));
        host.on("lvs --noheadings", "");
        assertEquals("LV lvol0 does not exist in VG docker",
                assertInstanceOf(Plan.NoOp.class, engine.plan(lvol, args("state", "absent"))).reason());
    }

    @Test
    void missingVgOrSizeIsAClearFailure() {
        ModuleFailure noVg = assertThrows(ModuleFailure.class, () -> engine.plan(lvol, args("size", "1G")));
        assertEquals("VG docker does not exist on web1; create it first (lvg)", noVg.getMessage());
        vg(GIB);
        ModuleFailure noSize = assertThrows(ModuleFailure.class, () -> engine.plan(lvol, args()));
        assertEquals("LV /dev/docker/lvol0 does not exist on web1; give 'size' to create it", noSize.getMessage());
    }

    @Test
    void badArgumentsNameTheKey() {
        assertEquals("size", assertThrows(ArgsException.class, () -> engine.parse(lvol, args("size", "20Q"))).key());
        assertEquals("size", assertThrows(ArgsException.class, () -> engine.parse(lvol, args("size", "150%VG"))).key());
        assertEquals("lv", assertThrows(ArgsException.class, () -> engine.parse(lvol, Map.of("vg", "docker"))).key());
        assertEquals("shrink", assertThrows(ArgsException.class, () -> engine.parse(lvol, args("shrink", "maybe"))).key());
    }
}
