package dev.bollard.modules.storage;

import static dev.bollard.modules.storage.LvgModuleTest.commands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountModuleTest {
    static final String FSTAB = "# /etc/fstab: static file system information.\n"
            + "UUID=0a1b\t/\text4\terrors=remount-ro 0       1\n"
            + "/swapfile none swap sw 0 0\n";
    static final String LINE = "/dev/docker/lvol0 /var/lib/docker ext4 errors=remount-ro 0 1";
    final MountModule mount = new MountModule();
    final ScriptedConnection host = new ScriptedConnection();
    final Engine engine = new Engine(host, false);

    Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("path", "/var/lib/docker", "src", "/dev/docker/lvol0", "fstype", "ext4",
                "opts", "errors=remount-ro", "passno", 1, "state", "mounted"));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    void notMounted(String dir) {
        host.on("findmnt -n -r", "").on("readlink -e /dev/docker/lvol0", "/dev/dm-0\n").on("if [ -d ", dir + "\n");
    }

    void mounted(String source, String options) {
        host.on("findmnt -n -r", source + " ext4 " + options + " /dev/dm-" + (source.contains("docker") ? "0" : "7") + "\n")
                .on("readlink -e /dev/docker/lvol0", "/dev/dm-0\n").on("if [ -d ", "dir\n");
    }

    @Test
    void mountsAndAddsTheFstabLineKeepingOtherLines() throws Exception {
        host.files.put("/etc/fstab", FSTAB);
        notMounted("missing");
        host.succeeds("mkdir -p /var/lib/docker", "mount -t ext4 -o errors=remount-ro /dev/docker/lvol0 /var/lib/docker");
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.run(mount, args()));
        assertEquals(List.of("mkdir -p /var/lib/docker", "mount -t ext4 -o errors=remount-ro /dev/docker/lvol0 /var/lib/docker",
                "write /etc/fstab (" + (FSTAB.length() + LINE.length() + 1) + " bytes)"), commands(c));
        assertEquals("set the line for /var/lib/docker in /etc/fstab, mount /dev/docker/lvol0 on /var/lib/docker", c.summary());
        assertEquals("--- before: /etc/fstab\n+++ after: /etc/fstab\n@@ -1,3 +1,4 @@\n # /etc/fstab: static file system information.\n"
                + " UUID=0a1b\t/\text4\terrors=remount-ro 0       1\n /swapfile none swap sw 0 0\n+" + LINE + "\n", c.diffs().get(0).unified());
        assertEquals(FSTAB + LINE + "\n", host.files.get("/etc/fstab"));
        assertEquals(3, host.changes().size(), host.changes().toString());

        mounted("/dev/mapper/docker-lvol0", "rw,relatime,errors=remount-ro");
        Plan.NoOp again = assertInstanceOf(Plan.NoOp.class, engine.plan(mount, args()));
        assertEquals("/var/lib/docker mounted from /dev/mapper/docker-lvol0 (errors=remount-ro)", again.reason());
        host.on("mountpoint -q", "");
        assertTrue(mount.verify(engine.parse(mount, args()), engine.ctx()).holds());
    }

    @Test
    void replacesOnlyTheLineForThisMountPointAndComparesOptionsAsSets() throws Exception {
        host.files.put("/etc/fstab", FSTAB + "/dev/sdc1  /var/lib/docker/  xfs  defaults  0 0\n/dev/sdd1 /srv ext4 defaults 0 2\n");
        mounted("/dev/mapper/docker-lvol0", "rw,relatime,noatime,errors=remount-ro");
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.run(mount, args("opts", "noatime,errors=remount-ro")));
        assertEquals("set the line for /var/lib/docker in /etc/fstab", c.summary());
        String expected = FSTAB + "/dev/docker/lvol0 /var/lib/docker ext4 noatime,errors=remount-ro 0 1\n/dev/sdd1 /srv ext4 defaults 0 2\n";
        assertEquals(expected, host.files.get("/etc/fstab"));
        assertInstanceOf(Plan.NoOp.class, engine.plan(mount, args("opts", "errors=remount-ro,noatime")));
    }

    @Test
    void refusesToStackOnAMountFromAnotherSource() {
        host.files.put("/etc/fstab", FSTAB);
        mounted("/dev/sdc1", "rw,relatime");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> engine.plan(mount, args()));
        assertEquals("/var/lib/docker on web1 is already mounted from /dev/sdc1, not /dev/docker/lvol0; unmount it first"
                + " (a second mount would hide the first)", f.getMessage());
        assertTrue(host.changes().isEmpty());
    }

    @Test
    void remountsWhenLiveOptionsDiffer() throws Exception {
        host.files.put("/etc/fstab", FSTAB + "/dev/docker/lvol0 /var/lib/docker ext4 noatime,nofail,errors=remount-ro 0 1\n");
        mounted("/dev/mapper/docker-lvol0", "rw,relatime,errors=remount-ro");
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.plan(mount, args("opts", "noatime,nofail,errors=remount-ro")));
        assertEquals(List.of("mount -o remount,noatime,errors=remount-ro /var/lib/docker"), commands(c));
        assertEquals("remount /var/lib/docker with noatime", c.summary());
    }

    @Test
    void unmountedAndAbsent() throws Exception {
        host.files.put("/etc/fstab", FSTAB + LINE + "\n");
        mounted("/dev/mapper/docker-lvol0", "rw,relatime,errors=remount-ro");
        assertEquals(List.of("umount /var/lib/docker"), commands(engine.plan(mount, Map.of("path", "/var/lib/docker", "state", "unmounted"))));
        host.succeeds("umount /var/lib/docker");
        Plan.Change absent = assertInstanceOf(Plan.Change.class, engine.run(mount, Map.of("path", "/var/lib/docker", "state", "absent")));
        assertEquals(List.of("umount /var/lib/docker", "write /etc/fstab (" + FSTAB.length() + " bytes)"), commands(absent));
        assertEquals(FSTAB, host.files.get("/etc/fstab"));
        notMounted("dir");
        assertEquals("/var/lib/docker is neither in /etc/fstab nor mounted",
                assertInstanceOf(Plan.NoOp.class, engine.plan(mount, Map.of("path", "/var/lib/docker", "state", "absent"))).reason());
    }

    @Test
    void presentOnlyWritesFstab() throws Exception {
        notMounted("missing");
        Plan.Change c = assertInstanceOf(Plan.Change.class, engine.run(mount, args("state", "present", "fstab", "/tmp/x/fstab")));
        assertEquals(List.of("write /tmp/x/fstab (" + (LINE.length() + 1) + " bytes)"), commands(c));
        assertEquals(LINE + "\n", host.files.get("/tmp/x/fstab"));
        assertEquals("/tmp/x/fstab mounts /dev/docker/lvol0 on /var/lib/docker (ext4, errors=remount-ro)",
                assertInstanceOf(Plan.NoOp.class, engine.plan(mount, args("state", "present", "fstab", "/tmp/x/fstab"))).reason());
    }

    @Test
    void missingSourceIsAClearFailure() {
        host.on("findmnt -n -r", "").on("readlink -e", 1, "").on("if [ -d ", "dir\n");
        assertEquals("cannot mount /dev/docker/lvol0 on /var/lib/docker: /dev/docker/lvol0 does not exist on web1",
                assertThrows(ModuleFailure.class, () -> engine.plan(mount, args())).getMessage());
    }

    @Test
    void verifyChecksTheLiveMountNotJustFstab() throws Exception {
        host.files.put("/etc/fstab", FSTAB + LINE + "\n");
        mounted("/dev/mapper/docker-lvol0", "rw,errors=remount-ro");
        host.on("mountpoint -q", 32, "");
        Verdict v = mount.verify(engine.parse(mount, args()), engine.ctx());
        assertFalse(v.holds());
        assertEquals("/var/lib/docker is not a mount point on web1", v.detail());
    }

    @Test
    void badArgumentsNameTheKey() {
        assertEquals("src", assertThrows(ArgsException.class, () -> engine.parse(mount, Map.of("path", "/mnt", "fstype", "ext4", "state", "mounted"))).key());
        assertEquals("path", assertThrows(ArgsException.class, () -> engine.parse(mount, args("path", "mnt"))).key());
        assertEquals("opts", assertThrows(ArgsException.class, () -> engine.parse(mount, args("opts", "a, b"))).key());
        assertEquals("passno", assertThrows(ArgsException.class, () -> engine.parse(mount, args("passno", "x"))).key());
    }
}
