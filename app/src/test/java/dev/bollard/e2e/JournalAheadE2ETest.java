package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.journal.FileRecord;
import dev.bollard.journal.JournalCodec;
import dev.bollard.journal.JournalEntry;
import dev.bollard.journal.TaskRecord;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An applying run's last batch on a host writes the host's journal entry as its last step, as its
 * tasks are predicted to end, over SSH as a sudo user: no round trip of its own when the tasks end
 * so, and the entry written again, right, when they do not (a postcondition that fails after its
 * step succeeded, a step that fails, a handler after the batch).
 */
class JournalAheadE2ETest {
    private static final String CANARY = "canary-5be1-ahead";
    private static final String JOURNAL = "/var/lib/bollard/journal";

    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    private String onHost(String cmd) {
        return target.get().exec(cmd).out();
    }

    private Bollard.Run run(String play) throws Exception {
        return run(play, "--json");
    }

    private Bollard.Run run(String play, String... more) throws Exception {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, play);
        Files.writeString(dir.resolve("pass"), "ahead-vault-pw\n");
        Files.writeString(dir.resolve("secret.yml"), new VaultSecrets(List.of(VaultSecret.of("default", "ahead-vault-pw")), v -> { })
                .encrypt(("token: " + CANARY + "\n").getBytes(StandardCharsets.UTF_8), null));
        List<String> args = new ArrayList<>(List.of(book.toString(), "-i", Bollard.inventory(dir, "deploy", target.get()).toString(),
                "--host-key-policy", "off", "--vault-password-file", dir.resolve("pass").toString()));
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    private static String tasks(String body) {
        return "- hosts: all\n  gather_facts: false\n  vars_files: [secret.yml]\n  tasks:\n" + body;
    }

    private static int trips(Bollard.Run r) {
        return r.recap("t1").path("round_trips").asInt();
    }

    /** The journal's files on the host, oldest first. */
    private List<String> entryFiles() {
        String ls = onHost("ls -1tr " + JOURNAL + " 2>/dev/null").strip();
        return ls.isEmpty() ? List.of() : List.of(ls.split("\n"));
    }

    private String raw(String file) {
        return onHost("cat " + JOURNAL + "/" + file);
    }

    private JournalEntry newest() throws Exception {
        List<String> files = entryFiles();
        String f = files.get(files.size() - 1);
        return JournalCodec.read(raw(f).getBytes(StandardCharsets.UTF_8), f);
    }

    /** Each record as "title=status". */
    private static List<String> statuses(JournalEntry e) {
        return e.tasks().stream().map(t -> t.title() + "=" + t.status()).toList();
    }

    private static TaskRecord record(JournalEntry e, String title) {
        return e.tasks().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError(title + " in " + e));
    }

    @Test
    void aFreshApplyWritesItsEntryWithItsLastBatchAndTheEntryIsExactlyWhatHappened() throws Exception {
        onHost("rm -rf /srv/ahead " + JOURNAL + " && mkdir -p /srv/ahead && printf '{\\n  \"log-driver\": \"journald\"\\n}\\n' > /srv/ahead/daemon.json"
                + " && userdel -r aheaduser 2>/dev/null; true");
        int before = entryFiles().size();
        String play = tasks("""
                    - name: settings
                      json_merge: {path: /srv/ahead/daemon.json, merge: {icc: false, live-restore: true}}
                    - name: rules
                      lineinfile: {path: /srv/ahead/rules, line: "-w {{ item }} -k docker", create: true}
                      loop: [/etc/docker, /var/lib/docker]
                    - name: a file
                      copy: {dest: /srv/ahead/app.conf, content: "port=8080\\n", mode: "0640"}
                    - name: a marker named by a secret
                      command: touch /srv/ahead/{{ token }}
                      args: {creates: "/srv/ahead/{{ token }}"}
                    - name: an account
                      user: {name: aheaduser, shell: /bin/bash}
                    - name: its ids
                      subid: {user: aheaduser, start: 500000, count: 65536}
                    - name: a binary
                      copy: {dest: /srv/ahead/bind, content: "#!/bin/sh\\n", mode: "0755"}
                    - name: low ports for it
                      community.general.capabilities: {path: /srv/ahead/bind, capability: cap_net_bind_service+ep}
                """);
        Bollard.Run apply = run(play);
        assertEquals(0, apply.code(), apply.toString());
        // the reads; a batch that stops before the ids (useradd may give the account some); the last batch, with the entry
        assertEquals(3, trips(apply), apply.out());
        assertEquals(before + 1, entryFiles().size(), "one entry: " + entryFiles());
        String raw = raw(entryFiles().get(entryFiles().size() - 1));
        assertFalse(raw.contains(CANARY), "the vault value is masked in the entry written ahead too: " + raw);
        JournalEntry e = newest();
        assertEquals(List.of("settings=changed", "rules (/etc/docker)=changed", "rules (/var/lib/docker)=changed", "a file=changed",
                "a marker named by a secret=changed", "an account=changed", "its ids=changed", "a binary=changed", "low ports for it=changed"),
                statuses(e), raw);
        assertNotNull(e.baseline(), "a converged apply is the next verify's baseline: " + raw);
        assertEquals(JournalEntry.APPLY, e.kind());
        assertEquals("t1", e.host());
        FileRecord settings = record(e, "settings").files().get(0);
        assertEquals(FileRecord.CONTENT, settings.change());
        assertEquals(onHost("sha256sum /srv/ahead/daemon.json").split(" ")[0], settings.after().sha256());
        assertEquals(onHost("sha256sum /srv/ahead/app.conf").split(" ")[0], record(e, "a file").files().get(0).after().sha256());
        assertEquals(FileRecord.CREATED, record(e, "a file").files().get(0).change());
        assertEquals(List.of("/etc/subuid", "/etc/subgid"), record(e, "its ids").files().stream().map(FileRecord::path).toList());
        assertEquals(onHost("sha256sum /etc/subuid").split(" ")[0], record(e, "its ids").files().get(0).after().sha256());
        assertTrue(record(e, "a marker named by a secret").summary().startsWith("run: touch /srv/ahead/"), raw);
        assertEquals("root 600", onHost("stat -c '%U %a' " + JOURNAL + "/" + e.id() + ".json").strip(), "written as root, as the end of the run writes it");

        Bollard.Run again = run(play);
        assertEquals(0, again.code(), again.toString());
        assertEquals(before + 2, entryFiles().size());
        JournalEntry second = newest();
        assertTrue(statuses(second).stream().allMatch(s -> s.endsWith("=ok")), statuses(second).toString());
        assertEquals(9, second.tasks().size());
        // converged: the reads, the entry (no batch to carry it)
        assertEquals(2, trips(again), again.out());
    }

    @Test
    void filesOfEveryKindInOneBatchAfterANoLogTaskAreJournaledByThatBatch() throws Exception {
        onHost("rm -rf /srv/ahead-one && mkdir -p /srv/ahead-one && printf '{}\\n' > /srv/ahead-one/daemon.json"
                + " && chown nobody:nogroup /srv/ahead-one/daemon.json && chmod 0600 /srv/ahead-one/daemon.json");
        Files.writeString(dir.resolve("app.conf.j2"), "name={{ inventory_hostname }}\n");
        int before = entryFiles().size();
        Bollard.Run apply = run(tasks("""
                    - name: the token
                      copy: {dest: /srv/ahead-one/token, content: "{{ token }}\\n", mode: "0600"}
                      no_log: true
                    - name: settings kept as their owner's
                      json_merge: {path: /srv/ahead-one/daemon.json, merge: {icc: false}}
                    - name: rules
                      lineinfile: {path: /srv/ahead-one/rules, line: "{{ item }}", create: true}
                      loop: [one, two]
                    - name: a template
                      template: {src: app.conf.j2, dest: /srv/ahead-one/app.conf, mode: "0640"}
                    - name: a folder
                      file: {path: /srv/ahead-one/data, state: directory, mode: "0750"}
                    - name: a file in it
                      copy: {dest: /srv/ahead-one/data/f, content: "f\\n"}
                """));
        assertEquals(0, apply.code(), apply.toString());
        assertEquals(before + 1, entryFiles().size());
        String raw = raw(entryFiles().get(entryFiles().size() - 1));
        assertFalse(raw.contains(CANARY), raw);
        JournalEntry e = newest();
        assertEquals(List.of("the token=changed", "settings kept as their owner's=changed", "rules (one)=changed", "rules (two)=changed",
                "a template=changed", "a folder=changed", "a file in it=changed"), statuses(e), raw);
        assertTrue(record(e, "the token").hidden(), raw);
        assertEquals(List.of(), record(e, "the token").files(), "a no_log task's paths stay hidden: " + raw);
        FileRecord settings = record(e, "settings kept as their owner's").files().get(0);
        assertEquals("nobody", settings.after().owner(), raw);
        assertEquals("0600", settings.after().mode(), raw);
        assertEquals("nobody 600", onHost("stat -c '%U %a' /srv/ahead-one/daemon.json").strip());
        FileRecord folder = record(e, "a folder").files().get(0);
        assertEquals(FileRecord.CREATED, folder.change(), raw);
        assertEquals("root", folder.after().owner(), raw);
        assertEquals(onHost("sha256sum /srv/ahead-one/app.conf").split(" ")[0], record(e, "a template").files().get(0).after().sha256());
        // the no_log task on its own, one command at a time (4); the reads for the others; their batch, with the entry
        assertEquals(6, trips(apply), apply.out());
    }

    @Test
    void aPostconditionThatFailsAfterItsStepRanLeavesTheEntryWrittenAgainAsItHappened() throws Exception {
        onHost("rm -rf /srv/ahead-miss && mkdir -p /srv/ahead-miss");
        int before = entryFiles().size();
        // the command succeeds and the entry is written after it as predicted (changed); the file it should make is not there
        String play = tasks("""
                    - name: a file
                      copy: {dest: /srv/ahead-miss/a, content: "a\\n"}
                    - name: a command that does not make its file
                      command: "true"
                      args: {creates: /srv/ahead-miss/never}
                """);
        Bollard.Run apply = run(play);
        assertEquals(2, apply.code(), apply.toString());
        assertEquals(before + 1, entryFiles().size());
        JournalEntry e = newest();
        assertEquals(List.of("a file=changed", "a command that does not make its file=failed"), statuses(e), e.toString());
        assertTrue(record(e, "a command that does not make its file").summary().contains("postcondition"), e.toString());
        assertNull(e.baseline(), "a failed apply is no baseline");
        // the reads, the batch with the entry as predicted, the entry as it came out
        assertEquals(3, trips(apply), apply.out());
        assertEquals("", onHost("ls -A " + JOURNAL + " | grep -v '^2' || true"), "no temporary file left in the journal");

        // the same again, traced: the entry went with the batch, then on its own over it
        Bollard.Run traced = run(play, "-vvv");
        assertEquals(2, traced.code(), traced.toString());
        List<String> writes = traced.out().lines().filter(l -> l.contains("d=" + JOURNAL + ";")).toList();
        assertEquals(2, writes.size(), traced.out());
        assertTrue(writes.get(0).contains("in that script"), writes.toString());
        assertFalse(writes.get(1).contains("in that script"), writes.toString());
        assertEquals(before + 2, entryFiles().size());
        assertEquals(List.of("a file=ok", "a command that does not make its file=failed"), statuses(newest()));
    }

    @Test
    void aFailedStepStopsTheBatchBeforeTheEntryWhichIsThenWrittenAtTheEnd() throws Exception {
        onHost("rm -rf /srv/ahead-fail && mkdir -p /srv/ahead-fail");
        int before = entryFiles().size();
        Bollard.Run apply = run(tasks("""
                    - name: first
                      copy: {dest: /srv/ahead-fail/a, content: "a\\n"}
                    - name: refused
                      copy: {dest: /srv/ahead-fail/b, content: "b\\n", validate: "grep -q never-there %s"}
                """));
        assertEquals(2, apply.code(), apply.toString());
        assertEquals(before + 1, entryFiles().size());
        JournalEntry e = newest();
        assertEquals(List.of("first=changed", "refused=failed"), statuses(e), e.toString());
        assertNull(e.baseline());
        assertEquals(3, trips(apply), apply.out());
    }

    @Test
    void aHandlerAfterTheLastBatchAndALaterPlayAreInTheEntry() throws Exception {
        onHost("rm -rf /srv/ahead-h && mkdir -p /srv/ahead-h");
        int before = entryFiles().size();
        Bollard.Run apply = run(tasks("""
                    - name: config
                      copy: {dest: /srv/ahead-h/conf, content: "x\\n"}
                      notify: reload
                    - name: more config
                      copy: {dest: /srv/ahead-h/more, content: "y\\n"}
                  handlers:
                    - name: reload
                      command: touch /srv/ahead-h/reloaded
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: second play
                      copy: {dest: /srv/ahead-h/second, content: "z\\n"}
                    - name: second play too
                      copy: {dest: /srv/ahead-h/second2, content: "w\\n"}
                """));
        assertEquals(0, apply.code(), apply.toString());
        assertEquals("", onHost("test -e /srv/ahead-h/reloaded || echo missing").strip());
        assertEquals(before + 1, entryFiles().size());
        JournalEntry e = newest();
        assertEquals(List.of("config=changed", "more config=changed", "reload=changed", "second play=changed", "second play too=changed"),
                statuses(e), e.toString());
        assertNotNull(e.baseline());
        // the reads, the first play's batch, its handler, the second play's reads, its batch with the entry
        assertEquals(5, trips(apply), apply.out());
    }
}
