package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.journal.FileRecord;
import dev.bollard.journal.JournalCodec;
import dev.bollard.journal.JournalEntry;
import dev.bollard.journal.PathState;
import dev.bollard.journal.TaskRecord;
import dev.bollard.testing.Bollard;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an applying run on this machine writes to its journal, what a verify writes (small), and that check mode writes nothing. */
class RunJournalTest {
    private static final String CANARY = "canary-7f3e-journal";

    @TempDir
    Path dir;

    private List<Path> entries(Path journal) throws Exception {
        if (!Files.isDirectory(journal)) return List.of();
        try (Stream<Path> s = Files.list(journal)) {
            return s.sorted().toList();
        }
    }

    @Test
    void anApplyKeepsWhatItChangedAndCheckAndVerifyKeepNothing() throws Exception {
        Path journal = dir.resolve("journal");
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("app.conf"), "port=80\ntoken=" + CANARY + "\n");
        Files.writeString(work.resolve("plain.conf"), "a\n");
        Files.writeString(dir.resolve("pass"), "pw\n");
        String vaulted = new VaultSecrets(List.of(VaultSecret.of("default", "pw")), v -> { })
                .encrypt(("token: " + CANARY + "\n").getBytes(StandardCharsets.UTF_8), null);
        Files.writeString(dir.resolve("secret.yml"), vaulted);
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  vars_files: [secret.yml]
                  tasks:
                    - name: app config, the token taken out
                      copy: {dest: W/app.conf, content: "port=8080\\n", mode: "0640"}
                    - name: plain line
                      lineinfile: {path: W/plain.conf, line: b}
                    - name: the token file
                      copy: {dest: W/token, content: "{{ token }}\\n"}
                      no_log: true
                    - name: a marker
                      command: touch W/marker
                      args: {creates: W/marker}
                    - name: already right
                      lineinfile: {path: W/plain.conf, line: a}
                """.replace("W", work.toString()));
        String[] common = {book.toString(), "--json", "--vault-password-file", dir.resolve("pass").toString(),
                "-e", "bollard_journal_dir=" + journal};

        Bollard.Run check = Bollard.run(concat(common, "--check"));
        assertEquals(0, check.code(), check.toString());
        assertEquals(List.of(), entries(journal), "check mode keeps no journal");

        Bollard.Run apply = Bollard.run(common);
        assertEquals(0, apply.code(), apply.toString());
        List<Path> files = entries(journal);
        assertEquals(1, files.size(), files.toString());
        String raw = Files.readString(files.get(0));
        assertFalse(raw.contains(CANARY), "the vault value appears nowhere in the journal: " + raw);
        JournalEntry e = JournalCodec.read(raw.getBytes(StandardCharsets.UTF_8), files.get(0).toString());
        assertEquals(book.toAbsolutePath().normalize().toString(), e.playbook());
        assertEquals(JournalEntry.APPLY, e.kind());
        assertTrue(e.control().startsWith(System.getProperty("user.name") + "@"), e.control());
        assertEquals(List.of("changed", "changed", "changed", "changed", "ok"), e.tasks().stream().map(TaskRecord::status).toList());

        FileRecord app = e.tasks().get(0).files().get(0);
        assertEquals(FileRecord.CONTENT, app.change());
        assertNull(app.before().content(), "its earlier content held the vault value: not kept");
        assertEquals("it held a secret value", app.before().notKept());
        assertEquals(PathState.sha256("port=8080\n".getBytes(StandardCharsets.UTF_8)), app.after().sha256());
        assertEquals("0640", app.after().mode());

        FileRecord plain = e.tasks().get(1).files().get(0);
        assertEquals("a\n", new String(plain.before().content(), StandardCharsets.UTF_8), "read to plan the change, kept");
        assertEquals(PathState.sha256("a\nb\n".getBytes(StandardCharsets.UTF_8)), plain.after().sha256());

        TaskRecord hidden = e.tasks().get(2);
        assertTrue(hidden.hidden());
        assertEquals(TaskRecord.HIDDEN, hidden.summary());
        assertEquals(List.of(), hidden.files());

        assertEquals(book + ":12", e.tasks().get(3).location(), "where the task is written tells apart tasks of the same name");
        TaskRecord marker = e.tasks().get(3);
        assertEquals("command", marker.module());
        assertEquals(List.of("run: touch " + work.resolve("marker")), marker.commands());
        assertNull(e.tasks().get(4).summary(), "a task that held keeps its status alone");

        assertEquals(JournalEntry.baselineKey(e.playbook()), e.baseline(), "a converged apply: the next verify compares with it");
        Bollard.Run verify = Bollard.run(concat(new String[] {"verify"}, common));
        assertEquals(0, verify.code(), verify.toString());
        List<Path> afterVerify = entries(journal);
        assertEquals(2, afterVerify.size(), "verify keeps a small entry of what held");
        // entries of the same second do not sort in run order: the verify's is the one that is not the apply's
        Path verifyEntry = afterVerify.stream().filter(p -> !p.equals(files.get(0))).findFirst().orElseThrow();
        String verifyRaw = Files.readString(verifyEntry);
        JournalEntry v = JournalCodec.read(verifyRaw.getBytes(StandardCharsets.UTF_8), "verify");
        assertEquals(JournalEntry.VERIFY, v.kind());
        assertEquals(e.baseline(), v.baseline());
        assertFalse(verifyRaw.contains(CANARY), verifyRaw);
        assertTrue(v.tasks().stream().allMatch(t -> t.files().isEmpty() && t.commands().isEmpty()), "no file states, no steps: " + verifyRaw);
        assertEquals(PathState.sha256("a\nb\n".getBytes(StandardCharsets.UTF_8)), v.tasks().get(1).wants().get(work.resolve("plain.conf").toString()),
                "the checksum the playbook wants of a file it compared");

        Bollard.Run verifyAgain = Bollard.run(concat(new String[] {"verify"}, common));
        assertEquals(0, verifyAgain.code(), verifyAgain.toString());
        List<Path> afterTwo = entries(journal);
        assertEquals(2, afterTwo.size(), "a verify's entry replaces the previous verify's: " + afterTwo);
        assertFalse(afterTwo.contains(verifyEntry), afterTwo.toString());

        Bollard.Run again = Bollard.run(common);
        assertEquals(0, again.changed("localhost"), again.toString());
        assertEquals(3, entries(journal).size(), "a run that changes nothing still keeps its entry: it is the last converged run");
    }

    @Test
    void theNumberOfRunsKeptComesFromTheCommandLineElseAnsibleCfg() throws Exception {
        Path journal = dir.resolve("journal");
        Path book = dir.resolve("site.yml");
        Files.writeString(book, "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: echo hi\n");
        String[] run = {book.toString(), "-c", "local", "-e", "bollard_journal_dir=" + journal};
        for (int i = 0; i < 3; i++) assertEquals(0, Bollard.run(concat(run, "--journal-keep", "2")).code());
        assertEquals(2, entries(journal).size(), entries(journal).toString());

        Files.writeString(dir.resolve("ansible.cfg"), "[bollard]\njournal_keep = 1\n");
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("ANSIBLE_CONFIG", dir.resolve("ansible.cfg").toString());
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.PrintStream p = new java.io.PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(0, dev.bollard.cli.Main.run(run, p, p, env, dir), sink.toString());
        assertEquals(1, entries(journal).size(), entries(journal).toString());

        Bollard.Run none = Bollard.run(concat(run, "--journal-keep", "0"));
        assertEquals(Runner.EXIT_BAD_INPUT, none.code(), none.toString());
        assertTrue(none.err().contains("--journal-keep must be at least 1"), none.err());
    }

    @Test
    void theLastBatchCarriesTheEntryAndAMissedPredictionIsWrittenAgainAsItHappened() throws Exception {
        Path journal = dir.resolve("journal");
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("a.conf"), "a=1\n");
        Files.writeString(work.resolve("b.conf"), "b=1\n");
        String tasks = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: a
                      copy: {dest: W/a.conf, content: "a=2\\n"}
                    - name: b
                      lineinfile: {path: W/b.conf, line: "b=2"}
                """.replace("W", work.toString());
        Path book = dir.resolve("site.yml");
        Files.writeString(book, tasks);
        Bollard.Run hit = Bollard.run(book.toString(), "-vvv", "-e", "bollard_journal_dir=" + journal);
        assertEquals(0, hit.code(), hit.toString());
        // one write of the entry: the batch's last step
        assertEquals(List.of(true), journalWrites(hit, journal), hit.out());
        List<Path> files = entries(journal);
        assertEquals(1, files.size());
        JournalEntry e = JournalCodec.read(Files.readAllBytes(files.get(0)), files.get(0).toString());
        assertEquals(List.of("a=changed", "b=changed"), e.tasks().stream().map(t -> t.task() + "=" + t.status()).toList());
        assertEquals(PathState.sha256("a=2\n".getBytes(StandardCharsets.UTF_8)), e.tasks().get(0).files().get(0).after().sha256());
        assertEquals(PathState.sha256("b=1\nb=2\n".getBytes(StandardCharsets.UTF_8)), e.tasks().get(1).files().get(0).after().sha256());
        assertTrue(e.baseline() != null);

        // the command succeeds, so the entry is written with it as changed; its postcondition then fails
        Files.writeString(book, tasks + """
                    - name: makes nothing
                      command: "true"
                      args: {creates: W/never}
                """.replace("W", work.toString()));
        Bollard.Run miss = Bollard.run(book.toString(), "-vvv", "-e", "bollard_journal_dir=" + journal);
        assertEquals(2, miss.code(), miss.toString());
        assertEquals(List.of(true, false), journalWrites(miss, journal), "the entry written again on its own: " + miss.out());
        files = entries(journal);
        assertEquals(2, files.size());
        JournalEntry again = files.stream().map(f -> {
            try {
                return JournalCodec.read(Files.readAllBytes(f), f.toString());
            } catch (Exception x) {
                throw new AssertionError(x);
            }
        }).filter(x -> !x.id().equals(e.id())).findFirst().orElseThrow();
        assertEquals(List.of("a=ok", "b=ok", "makes nothing=failed"), again.tasks().stream().map(t -> t.task() + "=" + t.status()).toList());
        assertNull(again.baseline());
    }

    /** Each write of the journal's entry that -vvv shows: whether it went in a batch's script. */
    private static List<Boolean> journalWrites(Bollard.Run r, Path journal) {
        return r.out().lines().filter(l -> l.contains("d=" + journal + ";")).map(l -> l.contains("in that script")).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
