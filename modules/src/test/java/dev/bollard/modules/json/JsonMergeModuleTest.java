package dev.bollard.modules.json;

import static dev.bollard.modules.LocalHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.LocalHost;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** json_merge against real files: daemon.json as the seeds edit it. */
class JsonMergeModuleTest {
    private static final Map<String, Object> HARDENING = Map.of("icc", false, "live-restore", true);
    @TempDir
    Path dir;

    private final JsonMergeModule module = new JsonMergeModule();

    @Test
    void mergesKeepingOtherKeysOrderAndIndent() throws Exception {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, "{\n    \"log-driver\": \"journald\",\n    \"icc\": true,\n    \"features\": {\"buildkit\": true}\n}\n");
        Plan p = new LocalHost(dir).run(module, args("path", f.toString(), "merge",
                Map.of("icc", false, "features", Map.of("containerd-snapshotter", true))), false);
        assertTrue(((Plan.Change) p).summary().contains("icc: true -> false"), ((Plan.Change) p).summary());
        assertEquals("""
                {
                    "log-driver": "journald",
                    "icc": false,
                    "features": {
                        "buildkit": true,
                        "containerd-snapshotter": true
                    }
                }
                """, Files.readString(f));
    }

    @Test
    void sameSettingsDifferentlyFormattedAreLeftAlone() throws Exception {
        Path f = dir.resolve("daemon.json");
        String compact = "{\"live-restore\":true,\"icc\":false,\"debug\":false}";
        Files.writeString(f, compact);
        Plan p = new LocalHost(dir).run(module, args("path", f.toString(), "merge", HARDENING), false);
        assertInstanceOf(Plan.NoOp.class, p);
        assertEquals(compact, Files.readString(f));
    }

    @Test
    void createdWhenAbsentAndCheckModeWritesNothing() throws Exception {
        Path f = dir.resolve("etc/daemon.json");
        Files.createDirectories(f.getParent());
        Plan check = new LocalHost(dir).run(module, args("path", f.toString(), "merge", Map.of("icc", false)), true);
        assertTrue(((Plan.Change) check).diffs().get(0).unified().contains("+  \"icc\": false"));
        assertTrue(Files.notExists(f));
        new LocalHost(dir).run(module, args("path", f.toString(), "merge", Map.of("icc", false)), false);
        assertEquals("{\n  \"icc\": false\n}\n", Files.readString(f));
    }

    @Test
    void twoMergesInOneCheckRunSeeEachOther() throws Exception {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, "{}\n");
        LocalHost h = new LocalHost(dir);
        h.run(module, args("path", f.toString(), "merge", Map.of("icc", false)), true);
        Plan second = h.run(module, args("path", f.toString(), "merge", Map.of("icc", false)), true);
        assertInstanceOf(Plan.NoOp.class, second, "the second merge plans against the first one's predicted file");
        assertEquals("{}\n", Files.readString(f));
    }

    @Test
    void invalidJsonStopsAndLeavesTheFileByteForByte() throws Exception {
        Path f = dir.resolve("daemon.json");
        String broken = "{\n  \"icc\": false,\n  oops\n}\n";
        Files.writeString(f, broken);
        ModuleFailure e = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).run(module, args("path", f.toString(), "merge", HARDENING), false));
        assertTrue(e.getMessage().startsWith(f + " on local is not valid JSON (line 3, column"), e.getMessage());
        assertTrue(e.getMessage().endsWith("left unchanged"), e.getMessage());
        assertEquals(broken, Files.readString(f));
    }

    @Test
    void failedValidationLeavesTheFile() throws Exception {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, "{\"icc\": true}\n");
        ModuleFailure e = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).run(module,
                args("path", f.toString(), "merge", HARDENING, "validate", "false %s"), false));
        assertTrue(e.getMessage().contains("left as it was"), e.getMessage());
        assertEquals("{\"icc\": true}\n", Files.readString(f));
    }

    @Test
    void modeOwnerAndGroupDriftIsCorrectedWhenTheKeysAlreadyMatch() throws Exception {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, "{\"icc\": false}\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        var a = args("path", f.toString(), "merge", Map.of("icc", false), "mode", "0644");
        Plan.Change change = assertInstanceOf(Plan.Change.class, new LocalHost(dir).plan(module, a, false));
        assertEquals(f + " (mode)", change.diffs().get(0).label(), change.diffs().toString());
        assertFalse(new LocalHost(dir).verify(module, a).holds(), "verify sees the wrong mode");
        new LocalHost(dir).run(module, a, false);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("{\"icc\": false}\n", Files.readString(f), "content left as it was formatted");
        assertTrue(new LocalHost(dir).verify(module, a).holds());
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(module, a, false));
    }

    @Test
    void keysAreRemovedTopLevelOrByDottedPathAndCheckModeShowsIt() throws Exception {
        Path f = dir.resolve("daemon.json");
        String text = "{\n  \"insecure-registries\": [\"10.0.0.5:5000\"],\n  \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"},\n  \"icc\": true\n}\n";
        Files.writeString(f, text);
        var a = args("path", f.toString(), "merge", Map.of("icc", false), "remove", List.of("insecure-registries", "log-opts.max-file", "not.there"));
        LocalHost check = new LocalHost(dir);
        Plan.Change planned = assertInstanceOf(Plan.Change.class, check.run(module, a, true));
        assertTrue(planned.summary().contains("insecure-registries: [\"10.0.0.5:5000\"] -> (absent)"), planned.summary());
        assertTrue(planned.summary().contains("log-opts.max-file: \"3\" -> (absent)"), planned.summary());
        String diff = planned.diffs().get(0).unified();
        assertTrue(diff.contains("-  \"insecure-registries\""), diff);
        assertEquals(text, Files.readString(f), "check mode wrote nothing");
        assertInstanceOf(Plan.NoOp.class, check.plan(module, a, true), "a later task in the check run sees the keys removed");

        new LocalHost(dir).run(module, a, false);
        assertEquals("{\n  \"log-opts\": {\n    \"max-size\": \"10m\"\n  },\n  \"icc\": false\n}\n", Files.readString(f));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(module, a, false));
        assertTrue(new LocalHost(dir).verify(module, a).holds());

        Path missing = dir.resolve("none.json");
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).run(module, args("path", missing.toString(), "remove", "icc"), false));
        assertTrue(Files.notExists(missing), "nothing to remove from a missing file: not created");
    }

    @Test
    void removeArgumentsAreChecked() {
        LocalHost h = new LocalHost(dir);
        assertEquals("merge", assertThrows(ArgsException.class, () -> h.plan(module, args("path", "/x"), false)).key());
        assertEquals("remove", assertThrows(ArgsException.class, () -> h.plan(module, args("path", "/x", "merge", Map.of("a", Map.of("b", 1)),
                "remove", List.of("a.b")), false)).key());
        assertEquals("remove", assertThrows(ArgsException.class, () -> h.plan(module, args("path", "/x", "remove", List.of("a..b")), false)).key());
    }
}
