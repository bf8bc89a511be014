package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several reads in one round trip, against this machine's shell and files. */
class ProbeBatchTest {
    @TempDir
    Path dir;

    private final HostState host = new HostState("local", new LocalConnection(), Duration.ofSeconds(30));

    /** A link says where it points; a file, whose target is not asked for, says none. */
    @Test
    void aLinkAndAFileInOneRead() throws Exception {
        Path file = Files.writeString(dir.resolve("real.conf"), "x=1\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), Path.of("real.conf"));
        host.prefetch(List.of(Probe.stat(link.toString()), Probe.read(file.toString())), null);
        RemoteFile l = host.stat(link.toString(), null).orElseThrow();
        assertEquals(RemoteFile.Type.LINK, l.type());
        assertEquals("real.conf", l.linkTarget());
        RemoteFile f = host.read(file.toString(), null).orElseThrow();
        assertEquals(RemoteFile.Type.FILE, f.type());
        assertEquals("", f.linkTarget() == null ? "" : f.linkTarget());
        assertEquals("x=1\n", new String(f.content(), StandardCharsets.UTF_8));
        assertEquals(1, host.roundTrips());
    }

    @Test
    void answersFilesStatsAndQueriesInOneRoundTrip() throws Exception {
        // content that looks like the framing: newlines, no final newline, a fake marker line, binary bytes
        byte[] tricky = "line\n\n@bollard-0000 0 0\n\u0000\u00ff end".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("tricky"), tricky);
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        List<Probe> probes = List.of(Probe.read(file.toString()), Probe.read(empty.toString()), Probe.stat(dir.toString()),
                Probe.read(dir.resolve("absent").toString()), Probe.query("echo hello; cd /; exit 0"),
                Probe.query("echo after the cd: $(pwd)"));

        assertEquals(6, host.prefetch(probes, null));
        assertEquals(1, host.roundTrips());

        assertArrayEquals(tricky, host.read(file.toString(), null).orElseThrow().content());
        assertEquals(0, host.read(empty.toString(), null).orElseThrow().content().length);
        assertTrue(host.stat(dir.toString(), null).orElseThrow().isDirectory());
        assertTrue(host.read(dir.resolve("absent").toString(), null).isEmpty());
        assertEquals("hello\n", host.query("echo hello; cd /; exit 0", null).stdout());
        assertFalse(host.query("echo after the cd: $(pwd)", null).stdout().contains("after the cd: /\n"),
                "a query's cd stays in its own subshell");
        assertEquals(1, host.roundTrips(), "every answer came from the batch");
        assertEquals(0, host.prefetch(probes, null), "nothing left to ask");
    }

    @Test
    void aFailedProbeIsLeftToTheTaskSoItsOwnErrorIsReported() throws Exception {
        Probe failing = Probe.query("echo partial; echo broken >&2; exit 3");
        Probe fine = Probe.query("echo fine");
        host.prefetch(List.of(failing, fine), null);
        assertFalse(host.has(failing, null));
        assertTrue(host.asked(failing, null), "not sent again in the next batch");
        assertTrue(host.has(fine, null));
        ExecResult own = host.query(failing.target(), null);
        assertEquals(3, own.rc());
        assertEquals("broken", own.firstErrorLine());
        assertEquals(2, host.roundTrips());
    }

    @Test
    void forgetDropsAnswersSoTheNextReadSeesTheHostAsItIsNow() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "before\n");
        host.prefetch(List.of(Probe.read(file.toString())), null);
        Files.writeString(file, "after\n");
        assertEquals("before\n", host.read(file.toString(), null).orElseThrow().text());
        host.forget();
        assertEquals("after\n", host.read(file.toString(), null).orElseThrow().text());
    }

    /** A batch longer than one shell argument may be (128 KiB on Linux) goes whole: the script travels on standard input. */
    @Test
    void aBatchTooLongForOneShellArgumentGoesWholeInOneRoundTrip() throws Exception {
        String deep = dir + "/" + "d".repeat(200);
        List<Probe> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) many.add(Probe.stat(deep + "/file-" + i));
        int sent = host.prefetch(many, null);
        assertEquals(600, sent);
        assertEquals(1, host.roundTrips());
        assertTrue(host.has(many.get(0), null));
        assertTrue(host.has(many.get(599), null));
    }
}
