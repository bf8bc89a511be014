package dev.bollard.modules.files;

import static dev.bollard.modules.LocalHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.LocalHost;
import dev.bollard.modules.stat.StatModule;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file and copy against real files. */
class FileAndCopyTest {
    @TempDir
    Path dir;

    private final FileModule file = new FileModule();
    private final CopyModule copy = new CopyModule();

    private String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aLargeFileIsComparedByChecksumWithoutFetchingIt() throws Exception {
        byte[] big = new byte[300 * 1024];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        Files.write(dir.resolve("big.bin"), big);
        Path dest = Files.write(dir.resolve("dest.bin"), big);
        LocalHost host = new LocalHost(dir);
        assertInstanceOf(Plan.NoOp.class, host.plan(copy, args("src", "big.bin", "dest", dest.toString()), false));
        assertFalse(host.state().known(dest.toString()).orElseThrow().hasContent(), "decided by checksum, content never fetched");

        big[1000] ^= 1;
        Files.write(dir.resolve("big.bin"), big);
        Plan.Change change = assertInstanceOf(Plan.Change.class, new LocalHost(dir).plan(copy, args("src", "big.bin", "dest", dest.toString()), false));
        assertTrue(change.diffs().get(0).before().contains("sha256 " + ContentPlanner.sha256(Files.readAllBytes(dest))), change.diffs().toString());

        Path small = Files.writeString(dir.resolve("small.txt"), "aaa\n");
        Plan.Change text = assertInstanceOf(Plan.Change.class, new LocalHost(dir).plan(copy, args("content", "bbb\n", "dest", small.toString()), false));
        assertEquals("aaa\n", text.diffs().get(0).before(), "same size, other checksum: a small file is fetched for a text diff");
    }

    @Test
    void checkModePlansAttributesOfAFileAPackageToBeInstalledBrings() throws Exception {
        String unit = dir.resolve("docker.service").toString();
        Map<String, Object> a = args("path", unit, "state", "file", "owner", "root", "mode", "0644");
        LocalHost host = new LocalHost(dir);
        ModuleFailure missing = assertThrows(ModuleFailure.class, () -> host.plan(file, a, true));
        assertTrue(missing.getMessage().contains("does not exist"), "no install pending: missing is an error");
        LocalHost created = new LocalHost(dir);
        created.state().predict(Prediction.path(unit), unit);
        assertTrue(((Plan.Change) created.plan(file, a, true)).summary().endsWith("(not present yet: an earlier task creates it)"));

        host.state().predict(Prediction.debianPackage("docker.io"), "");
        Plan.Change planned = assertInstanceOf(Plan.Change.class, host.plan(file, a, true));
        assertEquals("set attributes of " + unit + " (not present yet: earlier tasks install docker.io, which may bring it)", planned.summary());
        assertEquals("mode 0644, owner root\n", planned.diffs().get(0).after());
        assertThrows(ModuleFailure.class, () -> host.plan(file, a, false), "at apply a missing file still fails");
    }

    @Test
    void directoryTouchLinkAndAbsent() throws Exception {
        Path d = dir.resolve("a/b");
        new LocalHost(dir).run(file, args("path", d.toString(), "state", "directory", "mode", "0750"), false);
        assertTrue(Files.isDirectory(d));
        assertEquals("rwxr-x---", perms(d));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(file, args("path", d.toString(), "state", "directory", "mode", "0750"), false));
        Plan chmod = new LocalHost(dir).run(file, args("path", d.toString(), "state", "directory", "mode", "0755"), false);
        assertEquals("set attributes of " + d, ((Plan.Change) chmod).summary());
        assertEquals("rwxr-xr-x", perms(d));

        Path t = d.resolve("t");
        new LocalHost(dir).run(file, args("path", t.toString(), "state", "touch"), false);
        assertTrue(Files.isRegularFile(t));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(file, args("path", t.toString(), "state", "touch"), false), "touch is idempotent");

        Path l = dir.resolve("link");
        new LocalHost(dir).run(file, args("path", l.toString(), "state", "link", "src", t.toString()), false);
        assertEquals(t, Files.readSymbolicLink(l));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(file, args("path", l.toString(), "state", "link", "src", t.toString()), false));

        new LocalHost(dir).run(file, args("path", dir.resolve("a").toString(), "state", "absent"), false);
        assertFalse(Files.exists(dir.resolve("a")));
        ModuleFailure root = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).plan(file, args("path", "/etc", "state", "absent"), false));
        assertTrue(root.getMessage().startsWith("refusing to remove /etc"), root.getMessage());
        ModuleFailure none = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).plan(file, args("path", dir.resolve("zz").toString()), false));
        assertTrue(none.getMessage().contains("use state: touch"), none.getMessage());
    }

    @Test
    void copyWritesOnlyWhenContentDiffersAndKeepsMode() throws Exception {
        Path f = dir.resolve("motd");
        LocalHost h = new LocalHost(dir);
        Plan check = h.run(copy, args("dest", f.toString(), "content", "hello\n", "mode", "0640"), true);
        assertTrue(((Plan.Change) check).summary().startsWith("create " + f));
        assertFalse(Files.exists(f));
        new LocalHost(dir).run(copy, args("dest", f.toString(), "content", "hello\n", "mode", "0640"), false);
        assertEquals("hello\n", Files.readString(f));
        assertEquals("rw-r-----", perms(f));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(copy, args("dest", f.toString(), "content", "hello\n", "mode", "0640"), false));
        new LocalHost(dir).run(copy, args("dest", f.toString(), "content", "bye\n"), false);
        assertEquals("rw-r-----", perms(f), "mode kept on rewrite");
        Files.writeString(dir.resolve("src.bin"), "payload");
        ModuleFailure noDir = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).run(copy, args("dest", dir.resolve("out") + "/", "src", "src.bin"), false));
        assertEquals("cannot write " + dir.resolve("out/src.bin") + ": directory " + dir.resolve("out") + " does not exist", noDir.getMessage());
        Files.createDirectories(dir.resolve("out"));
        new LocalHost(dir).run(copy, args("dest", dir.resolve("out") + "/", "src", "src.bin"), false);
        assertEquals("payload", Files.readString(dir.resolve("out/src.bin")));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(copy, args("dest", f.toString(), "content", "other", "force", false), false));
    }

    @Test
    void ansibleNamesAliasesAndStatChecksums() throws Exception {
        Path d = dir.resolve("d");
        new LocalHost(dir).run(file, args("name", d.toString(), "state", "directory"), false);
        assertTrue(Files.isDirectory(d));
        Path f = d.resolve("f");
        new LocalHost(dir).run(copy, args("dest", f.toString(), "content", "abc", "thirsty", false), false);
        assertEquals("abc", Files.readString(f));
        ArgsException both = assertThrows(ArgsException.class, () -> new LocalHost(dir).plan(copy, args("dest", f.toString(), "content", "a", "src", "b"), false));
        assertEquals("src", both.key());
        assertEquals("content", assertThrows(ArgsException.class, () -> new LocalHost(dir).plan(copy, args("dest", f.toString()), false)).key());
        assertEquals("src", assertThrows(ArgsException.class, () -> new LocalHost(dir).plan(file, args("path", f.toString(), "state", "link"), false)).key());
        assertEquals("state", assertThrows(ArgsException.class, () -> new LocalHost(dir).plan(file, args("path", f.toString(), "state", "hard"), false)).key());

        StatModule stat = new StatModule();
        Plan sha1 = new LocalHost(dir).plan(stat, args("path", f.toString(), "get_checksum", true), false);
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", ((java.util.Map<?, ?>) sha1.data().get("stat")).get("checksum"), "sha1, as Ansible's default");
        Plan sha256 = new LocalHost(dir).plan(stat, args("dest", f.toString(), "checksum", true, "checksum_algo", "sha256"), false);
        assertEquals(ContentPlanner.sha256("abc".getBytes()), ((java.util.Map<?, ?>) sha256.data().get("stat")).get("checksum"));
        Plan none = new LocalHost(dir).plan(stat, args("path", f.toString()), false);
        assertFalse(((java.util.Map<?, ?>) none.data().get("stat")).containsKey("checksum"));
    }
}
