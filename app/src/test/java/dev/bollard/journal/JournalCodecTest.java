package dev.bollard.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.engine.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal's JSON: what is kept, what is masked or dropped, and that it reads back whole. */
class JournalCodecTest {
    private static final Instant T = Instant.parse("2026-12-01T10:15:02.5Z");

    private static PathState file(String text, String mode) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new PathState(PathState.FILE, mode, "root", "adm", (long) b.length, PathState.sha256(b), null, b, null);
    }

    private static JournalEntry entry(List<TaskRecord> tasks) {
        return new JournalEntry(RunId.at(T), T, JournalEntry.APPLY, "/srv/site.yml", "ops@ctl", "0.1.0", "web1", null, tasks);
    }

    @Test
    void anEntryReadsBackAsItWasWritten() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, 10};
        PathState binBefore = new PathState(PathState.FILE, "0755", "root", "root", 5L, PathState.sha256(binary), null, binary, null);
        PathState after = new PathState(PathState.FILE, "0640", "root", "adm", 4L, PathState.sha256("new\n".getBytes()), null, null, null);
        TaskRecord copy = new TaskRecord("app config", "a.conf", "copy", "changed", false, "update /etc/a.conf (4 -> 4 bytes)",
                List.of("write /etc/a.conf (4 bytes, mode 0640)"),
                List.of(new FileRecord("/etc/a.conf", FileRecord.CONTENT, file("old\n", "0644"), after),
                        new FileRecord("/usr/local/bin/tool", FileRecord.CONTENT, binBefore, after),
                        new FileRecord("/etc/new.conf", FileRecord.CREATED, PathState.NOTHING, after)),
                null, false);
        TaskRecord ok = new TaskRecord("packages", null, "apt", "ok", false, null, List.of(), List.of(), null, false, "/srv/site.yml:12");
        TaskRecord failed = new TaskRecord("probe", null, "command", "failed", true, "exit 1", List.of("run: false"), List.of(), "db1", false);
        JournalEntry e = entry(List.of(copy, ok, failed));

        byte[] json = JournalCodec.write(e, Redactor.NONE);
        String text = new String(json, StandardCharsets.UTF_8);
        assertEquals(1, text.split("\n", -1).length - 1, "one line, ending in a newline: " + text);
        assertTrue(text.contains("\"text\":\"old\\n\""), "text content kept as text: " + text);
        assertTrue(text.contains("\"base64\":\"AAEC/wo=\""), "binary content kept as base64: " + text);

        JournalEntry back = JournalCodec.read(json, "web1:test");
        assertEquals(e.id(), back.id());
        assertEquals(T, back.time());
        assertEquals("/srv/site.yml", back.playbook());
        assertEquals("ops@ctl", back.control());
        assertEquals(e.tasks(), back.tasks());
        assertArrayEquals(binary, back.tasks().get(0).files().get(1).before().content());
        assertEquals(List.of(copy), back.changed());
    }

    @Test
    void secretsAreMaskedInTextAndAnEarlierContentHoldingOneIsNotKept() throws Exception {
        Secrets secrets = new Secrets();
        secrets.add("hunter2-canary");
        PathState before = file("password=hunter2-canary\n", "0600");
        TaskRecord t = new TaskRecord("set hunter2-canary", "hunter2-canary", "copy", "changed", false, "wrote hunter2-canary",
                List.of("echo hunter2-canary"), List.of(new FileRecord("/etc/pw", FileRecord.CONTENT, before, null)), null, false);
        String text = new String(JournalCodec.write(entry(List.of(t)), secrets), StandardCharsets.UTF_8);
        assertFalse(text.contains("hunter2"), text);
        JournalEntry back = JournalCodec.read(text.getBytes(StandardCharsets.UTF_8), "t");
        PathState kept = back.tasks().get(0).files().get(0).before();
        assertNull(kept.content(), "a masked copy could not be restored: none is kept");
        assertEquals("it held a secret value", kept.notKept());
        assertEquals(before.sha256(), kept.sha256(), "the checksum of the whole file stays");
        assertEquals(Secrets.MASK, back.tasks().get(0).item());
    }

    @Test
    void aDamagedOrForeignEntryIsNamedWithWhereItIs() {
        JournalException notJson = assertThrows(JournalException.class, () -> JournalCodec.read("{nope".getBytes(), "web1:/var/lib/bollard/journal/x.json"));
        assertTrue(notJson.getMessage().startsWith("web1:/var/lib/bollard/journal/x.json is not a journal entry"), notJson.getMessage());
        JournalException newer = assertThrows(JournalException.class, () -> JournalCodec.read("{\"format\":2}".getBytes(), "web1:y.json"));
        assertEquals("web1:y.json has journal format 2; this Bollard reads format 1", newer.getMessage());
        JournalException badId = assertThrows(JournalException.class,
                () -> JournalCodec.read("{\"format\":1,\"id\":\"yesterday\",\"time\":\"2026-12-01T10:15:02Z\"}".getBytes(), "web1:z.json"));
        assertTrue(badId.getMessage().startsWith("web1:z.json is damaged: 'yesterday' is not a run id"), badId.getMessage());
    }

    @Test
    void runIdsSortByTimeAndSayWhenTheRunStarted() {
        RunId a = RunId.at(Instant.parse("2026-01-02T03:04:05Z"));
        RunId b = RunId.at(Instant.parse("2026-01-02T03:04:06Z"));
        assertTrue(a.value().matches("20260102T030405Z-[0-9a-f]{6}"), a.value());
        assertTrue(a.compareTo(b) < 0);
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), a.time());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunId("20260102-1"));
        assertTrue(e.getMessage().contains("bollard history shows them"), e.getMessage());
    }

    @Test
    void aFileAboveTheLimitKeepsItsChecksumButNotItsContent() {
        byte[] big = new byte[PathState.KEEP_LIMIT + 1];
        PathState s = PathState.of(java.util.Optional.of(new dev.bollard.spi.RemoteFile("/big", dev.bollard.spi.RemoteFile.Type.FILE,
                "0644", "root", "root", big.length, null, big)), true);
        assertNull(s.content());
        assertEquals("larger than 256 KiB", s.notKept());
        assertEquals(PathState.sha256(big), s.sha256());
        PathState empty = PathState.of(java.util.Optional.of(new dev.bollard.spi.RemoteFile("/e", dev.bollard.spi.RemoteFile.Type.FILE,
                "0644", "root", "root", 0, null, null)), true);
        assertArrayEquals(new byte[0], empty.content(), "an empty file's content is known from its size");
        PathState unread = PathState.of(java.util.Optional.of(new dev.bollard.spi.RemoteFile("/u", dev.bollard.spi.RemoteFile.Type.FILE,
                "0644", "root", "root", 10, null, null)), true);
        assertEquals("its content was not read, only its checksum", unread.notKept());
    }
}
