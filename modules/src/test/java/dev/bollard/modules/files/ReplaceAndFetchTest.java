package dev.bollard.modules.files;

import static dev.bollard.modules.LocalHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.LocalHost;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replace, unarchive and get_url against real files of this machine. */
class ReplaceAndFetchTest {
    @TempDir
    Path dir;

    private final ReplaceModule replace = new ReplaceModule();
    private final UnarchiveModule unarchive = new UnarchiveModule();
    private final GetUrlModule getUrl = new GetUrlModule();

    @Test
    void pythonRegexesCompileForJava() {
        PythonRegex r = PythonRegex.compile("(?P<first_name>\\w+) (?P=first_name)\\Z", 0);
        int[] n = new int[1];
        assertEquals("[hello]", r.substitute("hello hello", "[\\g<first_name>]", n));
        assertEquals(1, n[0]);
        PythonRegex lines = PythonRegex.compile("^(\\w+)=(.*)$", Pattern.MULTILINE);
        assertEquals("a: 1\nb: 2\n", lines.substitute("a=1\nb=2\n", "\\1: \\g<2>", n));
        assertEquals(2, n[0]);
        assertEquals("x\ny", PythonRegex.compile("-", 0).substitute("x-y", "\\n", n));
        assertThrows(IllegalArgumentException.class, () -> lines.checkTemplate("\\3"));
        assertThrows(IllegalArgumentException.class, () -> lines.checkTemplate("\\g<nope>"));
        assertThrows(IllegalArgumentException.class, () -> lines.checkTemplate("\\q"));
    }

    @Test
    void replaceEditsEveryMatchOnceAndThenNothing() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "127.0.0.1 localhost\n10.0.0.5 db.old.example db\n10.0.0.6 cache.old.example cache\n");
        var a = args("path", f.toString(), "regexp", "(\\s)(\\w+)\\.old\\.example(\\s|$)", "replace", "\\1\\2.new.example\\3");
        Plan check = new LocalHost(dir).run(replace, a, true);
        assertInstanceOf(Plan.Change.class, check);
        assertTrue(((Plan.Change) check).summary().startsWith("2 replacements"), check.toString());
        assertTrue(Files.readString(f).contains("old.example"), "check changed nothing");
        new LocalHost(dir).run(replace, a, false);
        assertEquals("127.0.0.1 localhost\n10.0.0.5 db.new.example db\n10.0.0.6 cache.new.example cache\n", Files.readString(f));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(replace, a, false));
        assertTrue(new LocalHost(dir).verify(replace, a).holds());
    }

    @Test
    void afterAndBeforeNarrowTheReplacement() throws Exception {
        Path f = dir.resolve("conf");
        Files.writeString(f, "x=1\n[main]\nx=1\n[other]\nx=1\n");
        var a = args("path", f.toString(), "regexp", "^x=1$", "replace", "x=2", "after", "\\[main\\]", "before", "\\[other\\]");
        new LocalHost(dir).run(replace, a, false);
        assertEquals("x=1\n[main]\nx=2\n[other]\nx=1\n", Files.readString(f));
        var nowhere = args("path", f.toString(), "regexp", "x", "after", "\\[absent\\]");
        Plan p = new LocalHost(dir).plan(replace, nowhere, false);
        assertTrue(p instanceof Plan.NoOp n && n.reason().contains("after/before do not match"), p.toString());
    }

    @Test
    void replaceRefusesBadArgumentsBeforeTouchingAnything() throws Exception {
        String path = dir.resolve("f").toString();
        ArgsException bad = assertThrows(ArgsException.class, () -> replace.parse(Args.bind(replace, args("path", path, "regexp", "(unclosed"), false)));
        assertTrue(bad.getMessage().contains("'regexp'"), bad.getMessage());
        bad = assertThrows(ArgsException.class, () -> replace.parse(Args.bind(replace, args("path", path, "regexp", "(a)", "replace", "\\2"), false)));
        assertTrue(bad.getMessage().contains("'replace'"), bad.getMessage());
        bad = assertThrows(ArgsException.class, () -> replace.parse(Args.bind(replace, args("path", path, "regexp", "a", "encoding", "latin-1"), false)));
        assertTrue(bad.getMessage().contains("'encoding'"), bad.getMessage());
        assertThrows(ModuleFailure.class, () -> new LocalHost(dir).plan(replace, args("dest", path, "regexp", "a"), false));
    }

    @Test
    void tarAndUnzipListingsAreReadAsAnsibleComparesThem() {
        var tar = UnarchiveModule.parseTarList("""
                drwxr-xr-x root/root         0 2024-05-01 10:00:00 app/
                -rw-r--r-- root/root         6 2024-05-01 10:00:01 app/README me.txt
                lrwxrwxrwx root/root         0 2024-05-01 10:00:00 app/link -> README
                """);
        assertEquals(List.of("app", "app/README me.txt", "app/link"), tar.stream().map(UnarchiveModule.Member::name).toList());
        assertEquals(1714557601L, tar.get(1).mtime());
        var zip = UnarchiveModule.parseUnzipList("""
                Archive:  a.zip
                  Length      Date    Time    Name
                ---------  ---------- -----   ----
                        0  2024-05-01 10:00   app/
                        6  2024-05-01 10:00   app/README
                ---------                     -------
                        6                     2 files
                """);
        assertEquals(List.of("app", "app/README"), zip.stream().map(UnarchiveModule.Member::name).toList());
        var file = tar.get(1);
        Attrs none = new Attrs(null, null, null);
        assertEquals(null, UnarchiveModule.differs(file, "regular file|6|1714557601|644|root|root", UnarchiveModule.Kind.GZIP, none));
        assertEquals("missing", UnarchiveModule.differs(file, "missing", UnarchiveModule.Kind.GZIP, none));
        assertEquals("size 7 instead of 6", UnarchiveModule.differs(file, "regular file|7|1714557601|644|root|root", UnarchiveModule.Kind.GZIP, none));
        assertEquals("modified at another time", UnarchiveModule.differs(file, "regular file|6|1|644|root|root", UnarchiveModule.Kind.TAR, none));
        assertEquals(null, UnarchiveModule.differs(file, "regular file|6|1|644|root|root", UnarchiveModule.Kind.ZIP, none));
        assertEquals("mode 0644 instead of 0600", UnarchiveModule.differs(file, "regular file|6|1714557601|644|root|root",
                UnarchiveModule.Kind.GZIP, new Attrs("0600", null, null)));
        assertEquals(UnarchiveModule.Kind.XZ, UnarchiveModule.kind("fd377a585a00", "a"));
        assertEquals(UnarchiveModule.Kind.ZIP, UnarchiveModule.kind("504b03040a00", "a"));
    }

    @Test
    void unarchiveUnpacksLocalAndRemoteArchivesOnceAndAgainWhenAFileChanges() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(src.resolve("README"), "hello\n");
        Path archive = dir.resolve("app.tar.gz");
        assertEquals(0, new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.resolve("src").toString(), "app").start().waitFor());
        for (boolean remote : List.of(true, false)) {
            Path dest = Files.createDirectories(dir.resolve("dest-" + remote));
            var a = args("src", remote ? archive.toString() : "app.tar.gz", "dest", dest.toString(), "remote_src", remote);
            assertInstanceOf(Plan.Change.class, new LocalHost(dir).run(unarchive, a, true));
            assertTrue(!Files.exists(dest.resolve("app")), "check changed nothing");
            new LocalHost(dir).run(unarchive, a, false);
            assertEquals("hello\n", Files.readString(dest.resolve("app/README")));
            assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(unarchive, a, false));
            if (remote) {
                // the archive's kind comes with the read-ahead; its listing and dest's comparison are asked
                assertEquals(2, new LocalHost(dir).roundTripsAfterReadAhead(unarchive, a));
            }
            Files.writeString(dest.resolve("app/README"), "changed\n");
            Plan again = new LocalHost(dir).plan(unarchive, a, false);
            assertTrue(again instanceof Plan.Change c && c.summary().contains("app/README: size"), again.toString());
            assertTrue(new LocalHost(dir).verify(unarchive, a).holds() == false);
        }
        var creates = args("src", archive.toString(), "dest", dir.toString(), "remote_src", true, "creates", archive.toString());
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(unarchive, creates, false));
        ModuleFailure noDest = assertThrows(ModuleFailure.class,
                () -> new LocalHost(dir).plan(unarchive, args("src", archive.toString(), "dest", dir.resolve("nope").toString(), "remote_src", true), false));
        assertTrue(noDest.getMessage().contains("does not exist"), noDest.getMessage());
    }

    @Test
    void getUrlDownloadsOnceKeepsWhatItHasAndChecksTheChecksum() throws Exception {
        Path source = Files.writeString(dir.resolve("source.txt"), "release 1.0\n");
        String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("release 1.0\n".getBytes(StandardCharsets.UTF_8)));
        Path out = Files.createDirectories(dir.resolve("out"));
        var a = args("url", source.toUri().toString(), "dest", out.toString(), "checksum", "sha256:" + sum, "mode", "0640");
        assertInstanceOf(Plan.Change.class, new LocalHost(dir).run(getUrl, a, true));
        assertTrue(!Files.exists(out.resolve("source.txt")));
        new LocalHost(dir).run(getUrl, a, false);
        assertEquals("release 1.0\n", Files.readString(out.resolve("source.txt")));
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(getUrl, a, false));
        assertTrue(new LocalHost(dir).verify(getUrl, a).holds());
        var file = args("url", source.toUri().toString(), "dest", out.resolve("source.txt").toString(), "checksum", "sha256:" + sum);
        assertEquals(0, new LocalHost(dir).roundTripsAfterReadAhead(getUrl, file), "the checksum comes with the read-ahead");

        Files.writeString(source, "release 2.0\n");
        var keep = args("url", source.toUri().toString(), "dest", out.resolve("source.txt").toString());
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(getUrl, keep, false), "without checksum or force, dest is kept");
        var force = args("url", source.toUri().toString(), "dest", out.resolve("source.txt").toString(), "force", true);
        assertInstanceOf(Plan.Change.class, new LocalHost(dir).plan(getUrl, force, false));
        ModuleFailure wrong = assertThrows(ModuleFailure.class, () -> new LocalHost(dir).run(getUrl,
                args("url", source.toUri().toString(), "dest", dir.resolve("x").toString(), "checksum", "sha256:" + sum), false));
        assertTrue(wrong.getMessage().contains("not " + sum), wrong.getMessage());
        assertTrue(!Files.exists(dir.resolve("x")), "a download with the wrong checksum is not kept");
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".bollard-get_url")), "no temporary file left");
        }
    }

    @Test
    void getUrlRefusesBadArguments() {
        for (var bad : List.of(
                List.of("checksum", args("url", "http://h/f", "dest", "/tmp/f", "checksum", "sha256:abc")),
                List.of("checksum", args("url", "http://h/f", "dest", "/tmp/f", "checksum", "crc32:abcd")),
                List.of("checksum", args("url", "http://h/f", "dest", "/tmp/f", "checksum", "sha256:http://h/f.sum")),
                List.of("url", args("url", "gopher://h/f", "dest", "/tmp/f")),
                List.of("timeout", args("url", "http://h/f", "dest", "/tmp/f", "timeout", 0)),
                List.of("url_password", args("url", "http://h/f", "dest", "/tmp/f", "url_password", "s3cret")))) {
            @SuppressWarnings("unchecked")
            var given = (java.util.Map<String, Object>) bad.get(1);
            ArgsException e = assertThrows(ArgsException.class, () -> getUrl.parse(Args.bind(getUrl, given, false)), given.toString());
            assertTrue(e.getMessage().contains("'" + bad.get(0) + "'"), e.getMessage());
            assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
        }
        assertEquals("file name.tar.gz", GetUrlModule.fileName("https://h/dl/file%20name.tar.gz?x=1"));
    }
}
