package dev.bollard.modules.files;

import static dev.bollard.modules.LocalHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.LocalHost;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lineinfile and blockinfile against real files. */
class LineAndBlockTest {
    @TempDir
    Path dir;

    private final LineInFileModule line = new LineInFileModule();
    private final BlockInFileModule block = new BlockInFileModule();

    @Test
    void regexpReplacesTheLastMatchAndKeepsModeAndOwner() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "Port 22\n#PermitRootLogin yes\nPermitRootLogin yes\nUsePAM yes\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        LocalHost h = new LocalHost(dir);
        var a = args("path", f.toString(), "regexp", "^#?PermitRootLogin", "line", "PermitRootLogin no");
        Plan check = h.run(line, a, true);
        assertInstanceOf(Plan.Change.class, check);
        assertTrue(((Plan.Change) check).diffs().get(0).unified().contains("-PermitRootLogin yes\n+PermitRootLogin no"));
        assertEquals("Port 22\n#PermitRootLogin yes\nPermitRootLogin yes\nUsePAM yes\n", Files.readString(f), "check changed nothing");
        h = new LocalHost(dir);
        h.run(line, a, false);
        assertEquals("Port 22\n#PermitRootLogin yes\nPermitRootLogin no\nUsePAM yes\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(line, a, false));
        assertTrue(new LocalHost(dir).verify(line, a).holds());
    }

    @Test
    void insertAfterBeforeAbsentAndTwoEditsInOneCheckRun() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "[main]\nkey=1\n[other]\n");
        LocalHost h = new LocalHost(dir);
        h.run(line, args("path", f.toString(), "line", "new=2", "insertafter", "^\\[main\\]"), false);
        h.run(line, args("path", f.toString(), "line", "# top", "insertbefore", "BOF"), false);
        assertEquals("# top\n[main]\nnew=2\nkey=1\n[other]\n", Files.readString(f));
        h.run(line, args("path", f.toString(), "regexp", "^key=", "state", "absent"), false);
        assertEquals("# top\n[main]\nnew=2\n[other]\n", Files.readString(f));

        LocalHost check = new LocalHost(dir);
        check.run(line, args("path", f.toString(), "line", "a=1"), true);
        Plan second = check.run(line, args("path", f.toString(), "line", "b=2"), true);
        String diff = ((Plan.Change) second).diffs().get(0).unified();
        assertTrue(diff.contains(" a=1\n+b=2"), "the second plan sees the first one's predicted line: " + diff);
        assertEquals("# top\n[main]\nnew=2\n[other]\n", Files.readString(f));
    }

    @Test
    void missingFileNeedsCreate() throws Exception {
        Path f = dir.resolve("nope");
        ModuleFailure e = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).plan(line, args("path", f.toString(), "line", "x"), false));
        assertEquals(f + " does not exist on local; set create: true to create it", e.getMessage());
        new LocalHost(dir).run(line, args("path", f.toString(), "line", "x", "create", true, "mode", "0640"), false);
        assertEquals("x\n", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void validateFailureLeavesTheFileAsItWas() throws Exception {
        Path f = dir.resolve("sudoers");
        Files.writeString(f, "ok\n");
        ModuleFailure e = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).run(line,
                args("path", f.toString(), "line", "broken", "validate", "grep -q ^ok$ %s && ! grep -q broken %s"), false));
        assertTrue(e.getMessage().contains("validation failed") && e.getMessage().contains("left as it was"), e.getMessage());
        assertEquals("ok\n", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void badArgumentsNameTheKey() {
        LocalHost h = new LocalHost(dir);
        assertEquals("line", assertThrows(ArgsException.class, () -> h.plan(line, args("path", "/x"), false)).key());
        ArgsException unknown = assertThrows(ArgsException.class, () -> h.plan(line, args("path", "/x", "line", "y", "lien", "z"), false));
        assertTrue(unknown.getMessage().startsWith("unknown argument 'lien' for module lineinfile (did you mean 'line'?)"), unknown.getMessage());
        assertEquals("regexp", assertThrows(ArgsException.class, () -> h.plan(line, args("path", "/x", "line", "y", "regexp", "(("), false)).key());
        assertEquals("mode", assertThrows(ArgsException.class, () -> h.plan(line, args("path", "/x", "line", "y", "mode", "rwx"), false)).key());
        assertEquals("state", assertThrows(ArgsException.class, () -> h.plan(line, args("path", "/x", "line", "y", "state", "gone"), false)).key());
    }

    @Test
    void blockIsAddedReplacedAndRemoved() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "127.0.0.1 localhost\n");
        LocalHost h = new LocalHost(dir);
        h.run(block, args("path", f.toString(), "block", "10.0.0.1 db\n10.0.0.2 cache\n"), false);
        assertEquals("127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.1 db\n10.0.0.2 cache\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(block, args("path", f.toString(), "block", "10.0.0.1 db\n10.0.0.2 cache\n"), false));
        new LocalHost(dir).run(block, args("path", f.toString(), "block", "10.0.0.9 db\n"), false);
        assertEquals("127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.9 db\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        new LocalHost(dir).run(block, args("path", f.toString(), "state", "absent"), false);
        assertEquals("127.0.0.1 localhost\n", Files.readString(f));
        assertFalse(new LocalHost(dir).plan(block, args("path", f.toString(), "state", "absent"), false) instanceof Plan.Change);
    }

    @Test
    void aBlockAnsibleWroteIsReplacedNotDoubled() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.1 db\n# END ANSIBLE MANAGED BLOCK\n");
        new LocalHost(dir).run(block, args("path", f.toString(), "block", "10.0.0.2 db\n"), false);
        assertEquals("127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.2 db\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        new LocalHost(dir).run(block, args("dest", f.toString(), "content", "x", "marker", "; {mark} app", "marker_begin", "start",
                "marker_end", "stop", "insertbefore", "BOF"), false);
        assertTrue(Files.readString(f).startsWith("; start app\nx\n; stop app\n127.0.0.1 localhost\n"), Files.readString(f));
    }

    @Test
    void aBlockBollardWroteWithItsEarlierMarkerIsTakenOver() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "# BEGIN BOLLARD MANAGED BLOCK\n10.0.0.1 db\n# END BOLLARD MANAGED BLOCK\nlast\n");
        new LocalHost(dir).run(block, args("path", f.toString(), "block", "10.0.0.2 db"), false);
        assertEquals("# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.2 db\n# END ANSIBLE MANAGED BLOCK\nlast\n", Files.readString(f));
        Files.writeString(f, "# BEGIN BOLLARD MANAGED BLOCK\n10.0.0.1 db\n# END BOLLARD MANAGED BLOCK\nlast\n");
        new LocalHost(dir).run(block, args("path", f.toString(), "state", "absent"), false);
        assertEquals("last\n", Files.readString(f));
    }

    @Test
    void insertRegexesAreCheckedWhenTheTaskIsParsed() throws Exception {
        ArgsException after = assertThrows(ArgsException.class, () -> line.parse(Args.bind(line, args("path", "/nonexistent/x", "line", "y", "insertafter", "[a-"), false)));
        assertEquals("insertafter", after.key());
        assertTrue(after.getMessage().startsWith("'insertafter' is not a valid regular expression"), after.getMessage());
        ArgsException before = assertThrows(ArgsException.class, () -> block.parse(Args.bind(block, args("path", "/nonexistent/x", "block", "y", "insertbefore", "(("), false)));
        assertEquals("insertbefore", before.key());
        assertEquals("insertbefore", assertThrows(ArgsException.class,
                () -> line.parse(Args.bind(line, args("path", "/x", "line", "y", "insertbefore", "a{2,1}"), false))).key());
        // the literals, and templates only the run fills in, pass
        line.parse(Args.bind(line, args("path", "/x", "line", "y", "insertafter", "EOF"), false));
        block.parse(Args.bind(block, args("path", "/x", "insertbefore", "BOF"), false));
        line.parse(Args.bind(line, args("path", "/x", "line", "y", "regexp", "^{{ item.key }}=", "insertafter", "^{{ item.section }}"), true));
        ArgsException both = assertThrows(ArgsException.class, () -> line.parse(Args.bind(line, args("path", "/x", "line", "y", "insertafter", "a", "insertbefore", "b"), false)));
        assertEquals("insertbefore", both.key());
    }

    @Test
    void backrefsUseTheGroupsAndLeaveTheFileWhenNothingMatches() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "Port 22\n#LogLevel debug\n");
        var a = args("path", f.toString(), "regexp", "^#?LogLevel (?<level>\\w+)$", "line", "LogLevel \\1 # was \\g<level>", "backrefs", true);
        new LocalHost(dir).run(line, a, false);
        assertEquals("Port 22\nLogLevel debug # was debug\n", Files.readString(f));
        new LocalHost(dir).run(line, args("path", f.toString(), "regexp", "^LogLevel (\\w+)( .*)?$", "line", "LogLevel \\1", "backrefs", true), false);
        assertEquals("Port 22\nLogLevel debug\n", Files.readString(f));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(line, args("path", f.toString(), "regexp", "^LogLevel (\\w+)( .*)?$",
                "line", "LogLevel \\1", "backrefs", true), false));
        Plan none = new LocalHost(dir).run(line, args("path", f.toString(), "regexp", "^Listen (.*)", "line", "Listen \\1", "backrefs", true), false);
        assertInstanceOf(Plan.NoOp.class, none, "no match with backrefs: nothing added");
        assertEquals("Port 22\nLogLevel debug\n", Files.readString(f));
        assertEquals("line", assertThrows(ArgsException.class, () -> line.parse(Args.bind(line,
                args("path", "/x", "regexp", "^(a)", "line", "\\2", "backrefs", true), false))).key());
        assertEquals("regexp", assertThrows(ArgsException.class, () -> line.parse(Args.bind(line,
                args("path", "/x", "line", "\\1", "backrefs", true), false))).key());
        assertEquals("a\\b", PythonRegex.ofJava(Pattern.compile("(a)")).substitute("a", "\\1\\\\b", new int[1]));
    }

    @Test
    void searchStringAndAnsibleAliases() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "a.b = 1\nc = 2\n");
        new LocalHost(dir).run(line, args("destfile", f.toString(), "search_string", "a.b", "value", "a.b = 3"), false);
        assertEquals("a.b = 3\nc = 2\n", Files.readString(f));
        new LocalHost(dir).run(line, args("name", f.toString(), "search_string", "c =", "state", "absent"), false);
        assertEquals("a.b = 3\n", Files.readString(f));
    }
}
