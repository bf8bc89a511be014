package dev.bollard.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.HostState;
import dev.bollard.spi.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal folder on a host, here this machine through a local connection: atomic writes, pruning, listing. */
class HostJournalTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path tmp;

    private HostState host() {
        return new HostState("here", new LocalConnection(), Duration.ofSeconds(30));
    }

    private static JournalEntry entry(Instant at) {
        return new JournalEntry(RunId.at(at), at, JournalEntry.APPLY, "/srv/site.yml", "ops@ctl", "0.1.0", "here", null,
                List.of(new TaskRecord("t", null, "copy", "changed", false, "update /x", List.of(), List.of(), null, false)));
    }

    private List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anEntryIsWrittenInAFolderOnlyItsOwnerReadsInOneRoundTrip() throws Exception {
        Path dir = tmp.resolve("state/journal");
        HostState h = host();
        JournalEntry e = entry(NOW);
        String written = new HostJournal(h, null, dir.toString(), null).write(e, JournalCodec.write(e, Redactor.NONE), Retention.DEFAULT, NOW);
        assertEquals(dir.toString(), written);
        assertEquals(1, h.roundTrips());
        assertEquals(List.of(e.id() + ".json"), files(dir), "no temporary file left beside it");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(e.id() + ".json"))));
        assertEquals(e, JournalCodec.read(Files.readAllBytes(dir.resolve(e.id() + ".json")), "x"));
    }

    @Test
    void prunedByCountAndByAgeKeepingTheNewest() throws Exception {
        Path dir = tmp.resolve("journal");
        HostJournal j = new HostJournal(host(), null, dir.toString(), null);
        List<JournalEntry> all = new ArrayList<>();
        // 8 runs an hour apart ending now, and 3 runs older than 30 days
        for (int i = 0; i < 3; i++) all.add(entry(NOW.minus(Duration.ofDays(40 + i))));
        for (int i = 7; i >= 0; i--) all.add(entry(NOW.minus(Duration.ofHours(i))));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "not an entry: never pruned");
        Retention keep = new Retention(5, 30);
        for (JournalEntry e : all) j.write(e, JournalCodec.write(e, Redactor.NONE), keep, NOW);
        List<String> expected = new ArrayList<>();
        for (JournalEntry e : all.subList(all.size() - 5, all.size())) expected.add(e.id() + ".json");
        expected.add("notes.txt");
        assertEquals(expected.stream().sorted().toList(), files(dir), "the five newest");

        JournalEntry late = entry(NOW.minus(Duration.ofDays(3)));
        j.write(late, JournalCodec.write(late, Redactor.NONE), new Retention(50, 1), NOW);
        assertTrue(files(dir).contains(late.id() + ".json"), "the entry just written stays, however old its run: " + files(dir));
        assertEquals(7, files(dir).size(), files(dir).toString());
        JournalEntry next = entry(NOW);
        j.write(next, JournalCodec.write(next, Redactor.NONE), new Retention(50, 1), NOW);
        assertFalse(files(dir).contains(late.id() + ".json"), "older than a day: pruned by the next write");
        assertEquals(7, files(dir).size(), files(dir).toString());
    }

    @Test
    void listedNewestFirstAndFoundById() throws Exception {
        Path dir = tmp.resolve("journal");
        HostJournal j = new HostJournal(host(), null, dir.toString(), null);
        List<JournalEntry> all = new ArrayList<>();
        for (int i = 5; i >= 1; i--) all.add(entry(NOW.minus(Duration.ofMinutes(i))));
        for (JournalEntry e : all) j.write(e, JournalCodec.write(e, Redactor.NONE), Retention.DEFAULT, NOW);
        Path damaged = Files.writeString(dir.resolve(RunId.at(NOW.minus(Duration.ofDays(9))) + ".json"), "{damaged\n");
        // entries are listed in the order they were written: this one nine days ago
        Files.setLastModifiedTime(damaged, java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(9))));

        HostJournal.Listing three = j.list(3);
        assertEquals(dir.toString(), three.dir());
        assertEquals(List.of(all.get(4).id(), all.get(3).id(), all.get(2).id()), three.entries().stream().map(JournalEntry::id).toList());
        HostJournal.Listing every = j.list(0);
        assertEquals(5, every.entries().size());
        assertEquals(1, every.problems().size(), "the damaged entry is named, the others still read");
        assertTrue(every.problems().get(0).startsWith("here:" + dir + "/"), every.problems().get(0));

        assertEquals(List.of(all.get(1)), j.find(all.get(1).id()).entries());
        assertEquals(dir.toString(), j.find(RunId.at(NOW)).dir());
        assertTrue(j.find(RunId.at(NOW)).entries().isEmpty());
        HostJournal none = new HostJournal(host(), null, tmp.resolve("nothing-here").toString(), null);
        assertTrue(none.list(10).entries().isEmpty());
        assertFalse(none.list(10).exists());
    }

    @Test
    void aFolderSomeoneElseOwnsIsRefused() throws Exception {
        Path dir = tmp.resolve("theirs");
        Files.createDirectories(dir);
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can hand a folder to another user (the test machines run as root)");
        new ProcessBuilder("chown", "nobody", dir.toString()).start().waitFor();
        JournalEntry e = entry(NOW);
        JournalException x = assertThrows(JournalException.class,
                () -> new HostJournal(host(), null, dir.toString(), null).write(e, JournalCodec.write(e, Redactor.NONE), Retention.DEFAULT, NOW));
        assertTrue(x.getMessage().contains("the journal folder " + dir + " belongs to nobody, not to root"), x.getMessage());
    }
}
