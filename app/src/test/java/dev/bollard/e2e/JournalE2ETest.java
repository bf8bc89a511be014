package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run journal on two hosts reached as a sudo user: apply, history, a hand edit on one host,
 * rollback --check --diff then rollback. Files that still hold what the run wrote go back
 * (content, mode, owner; a created file and its directory removed), the edited one is refused
 * with the reason, an account and a no_log file are listed as not undone, and the vault canary
 * appears nowhere in the journal or in anything printed. Then drift: verify against the last
 * verify or converged apply of the same playbook, after a hand edit and after a bad run, each
 * shown with its diff in the text, --json and the three report formats; the bad run rolled back,
 * verify holds again.
 */
class JournalE2ETest {
    private static final String CANARY = "canary-91ad-vaulted";
    private static final String JOURNAL = "/var/lib/bollard/journal";
    private static SshTarget t1;
    private static SshTarget t2;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        t1 = SshTarget.sshd();
        t2 = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (t1 != null) t1.close();
        if (t2 != null) t2.close();
    }

    private static void prepareDrift(SshTarget t) {
        assertTrue(t.exec("mkdir -p /etc/drift && printf 'listen 80\\n' > /etc/drift/app.conf && printf 'one\\n' > /etc/drift/lines.conf").ok());
    }

    private Path driftPlaybooks() throws Exception {
        playbook();
        Files.writeString(dir.resolve("hotfix.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: hotfix listen
                      copy: {dest: /etc/drift/app.conf, content: "listen 9999\\n", mode: "0644"}
                    - name: hotfix notes
                      copy: {dest: /etc/drift/notes.conf, content: "hotfix\\n"}
                """);
        Path p = dir.resolve("drift.yml");
        Files.writeString(p, """
                - hosts: all
                  gather_facts: false
                  vars_files: [secret.yml]
                  tasks:
                    - name: drift config
                      copy: {dest: /etc/drift/app.conf, content: "listen 8080\\n", mode: "0644"}
                      tags: [cis-9.1]
                    - name: drift lines
                      lineinfile: {path: /etc/drift/lines.conf, line: two}
                      tags: [seed-9]
                    - name: drift secret
                      copy: {dest: /etc/drift/secret.txt, content: "{{ canary_token }}\\n", mode: "0600"}
                      no_log: true
                    - name: drift token
                      copy: {dest: /etc/drift/token.conf, content: "token={{ canary_token }}\\n", mode: "0600"}
                """);
        return p;
    }

    private static JsonNode recapOf(Bollard.Run r) {
        return r.events().stream().filter(n -> "recap".equals(n.path("event").asText())).findFirst().orElseThrow();
    }

    private static String controlStatus(JsonNode host, String id) {
        for (JsonNode c : host.path("controls")) {
            if (c.path("id").asText().equals(id)) return c.path("status").asText();
        }
        return "(none)";
    }

    @Test
    void verifyShowsDriftAndHoldsAgainAfterRollback() throws Exception {
        prepareDrift(t1);
        prepareDrift(t2);
        Path inv = Bollard.inventory(dir, "deploy", t1, t2);
        Path book = driftPlaybooks();
        String i = inv.toString();

        Bollard.Run apply = bollard(book.toString(), "-i", i);
        assertEquals(0, apply.code(), apply.toString());
        Bollard.Run noop = bollard(book.toString(), "-i", i, "--json");
        assertEquals(0, noop.code(), noop.toString());
        Bollard.Run holds = bollard("verify", book.toString(), "-i", i, "--json");
        assertEquals(0, holds.code(), holds.toString());
        JsonNode holdsT1 = recapOf(holds).path("hosts").path("t1");
        assertEquals(0, holdsT1.path("drift").size(), holds.toString());
        System.out.println("round trips on t1: no-op apply " + recapOf(noop).path("hosts").path("t1").path("round_trips")
                + ", verify " + holdsT1.path("round_trips"));
        // a converged host: the reads and the journal's entry; verify: its reads and the journal (its entry and the last one read back)
        assertEquals(2, recapOf(noop).path("hosts").path("t1").path("round_trips").asInt(), noop.toString());
        assertEquals(2, holdsT1.path("round_trips").asInt(), holds.toString());

        // a hand edit on t1: drift in the text and the three report files
        assertTrue(t1.exec("sed -i 's/^two$/TWO/' /etc/drift/lines.conf").ok());
        Path md = dir.resolve("drift.md");
        Path html = dir.resolve("drift.html");
        Path xml = dir.resolve("drift.xml");
        Bollard.Run drifted = bollard("verify", book.toString(), "-i", i, "--report", md.toString(), "--report", html.toString(),
                "--report", xml.toString());
        assertEquals(2, drifted.code(), drifted.toString());
        String out = drifted.out();
        String verifyId = "held at verify ";
        assertTrue(out.contains("DRIFT [t1]"), out);
        assertFalse(out.contains("DRIFT [t2]"), "nothing drifted on t2: " + out);
        assertTrue(out.contains("drifted: drift lines ("), out);
        assertTrue(out.contains("  " + verifyId), out);
        assertTrue(out.contains("\n+two\n"), "the diff of the file as it is now against what the playbook wants: " + out);
        assertTrue(out.matches("(?s).*DRIFTED\\s+seed-9\\s+drift lines.*"), out);
        assertTrue(out.contains("t1: NOT COMPLIANT (1 postcondition(s) do not hold, 1 drifted since verify "), out);
        String mdText = Files.readString(md);
        assertTrue(mdText.contains("drifted") && mdText.contains("+two"), mdText);
        String htmlText = Files.readString(html);
        assertTrue(htmlText.contains("m-drifted") && htmlText.contains("+two"), "a drifted cell with its evidence");
        String xmlText = Files.readString(xml);
        assertTrue(xmlText.contains("<failure") && xmlText.contains("drifted: held at verify "), xmlText);

        // a second verify compares with the first: the edit is no longer news, it still fails
        Bollard.Run again = bollard("verify", book.toString(), "-i", i, "--json");
        assertEquals(2, again.code(), again.toString());
        assertEquals(0, recapOf(again).path("hosts").path("t1").path("drift").size(), again.toString());
        assertEquals("fails", controlStatus(recapOf(again).path("hosts").path("t1"), "seed-9"), again.toString());

        // the play again puts the line back: a converged apply, compared with from now on
        Bollard.Run fix = bollard(book.toString(), "-i", i);
        assertEquals(0, fix.code(), fix.toString());

        // a bad run: another playbook changes a file this one wants; then a hand edit to a file that run wrote
        Bollard.Run bad = bollard(dir.resolve("hotfix.yml").toString(), "-i", i, "--json");
        assertEquals(0, bad.code(), bad.toString());
        Bollard.Run badHistory = bollard("history", "-i", i, "t1", "--json");
        String badId = badHistory.events().get(0).path("runs").get(0).path("id").asText();
        assertTrue(t1.exec("echo 'by hand' >> /etc/drift/notes.conf").ok());

        Bollard.Run json = bollard("verify", book.toString(), "-i", i, "--json");
        assertEquals(2, json.code(), json.toString());
        for (String h : List.of("t1", "t2")) {
            JsonNode host = recapOf(json).path("hosts").path(h);
            assertEquals(1, host.path("drift").size(), json.toString());
            JsonNode d = host.path("drift").get(0);
            assertEquals("drift config", d.path("task").asText());
            assertEquals("apply", d.path("since_kind").asText(), "compared with the converged apply: " + d);
            assertTrue(d.path("diff").get(0).asText().contains("-listen 9999\n+listen 8080\n"), d.toString());
            assertEquals("drifted", controlStatus(host, "cis-9.1"), host.toString());
            assertEquals("holds", controlStatus(host, "seed-9"), host.toString());
        }

        Bollard.Run check = bollard("rollback", badId, "-i", i, "--check");
        assertEquals(2, check.code(), check.toString());
        assertTrue(check.out().contains("  would restore /etc/drift/app.conf: earlier content (12 bytes)"), check.out());
        assertTrue(check.out().contains("  REFUSED   /etc/drift/notes.conf: changed since the run: its content changed"), check.out());
        assertEquals("listen 9999\n", sh(t1, "cat /etc/drift/app.conf"), "check mode changed nothing");
        Bollard.Run rollback = bollard("rollback", badId, "-i", i);
        assertEquals(2, rollback.code(), "the hand-edited file is refused: " + rollback);
        assertEquals("hotfix\nby hand\n", sh(t1, "cat /etc/drift/notes.conf"));
        for (SshTarget t : List.of(t1, t2)) assertEquals("listen 8080\n", sh(t, "cat /etc/drift/app.conf"));

        Bollard.Run holdsAgain = bollard("verify", book.toString(), "-i", i);
        assertEquals(0, holdsAgain.code(), holdsAgain.toString());
        assertFalse(holdsAgain.out().contains("DRIFT ["), holdsAgain.out());
        assertTrue(holdsAgain.out().contains("t1: COMPLIANT"), holdsAgain.out());

        for (SshTarget t : List.of(t1, t2)) {
            assertEquals(1, t.exec("grep -rF " + CANARY + " " + JOURNAL).rc(), "the canary is nowhere in the journal");
            assertTrue(t.exec("grep -lF '\"kind\":\"verify\"' " + JOURNAL + "/*.json").ok(), "verify runs leave an entry");
        }
    }

    private static void prepare(SshTarget t) {
        SshTarget.ExecResult r = t.exec("mkdir -p /etc/app && printf 'listen 80\\n' > /etc/app/app.conf && chown deploy:deploy /etc/app/app.conf"
                + " && chmod 0600 /etc/app/app.conf && printf 'one\\n' > /etc/app/lines.conf && printf 'api_token=" + CANARY + "\\n' > /etc/app/token.conf");
        assertTrue(r.ok(), r.err());
    }

    private Path playbook() throws Exception {
        Files.writeString(dir.resolve("pass"), "journal-vault-pw\n");
        Files.writeString(dir.resolve("secret.yml"), new VaultSecrets(List.of(VaultSecret.of("default", "journal-vault-pw")), v -> { })
                .encrypt(("canary_token: " + CANARY + "\n").getBytes(StandardCharsets.UTF_8), null));
        Path p = dir.resolve("site.yml");
        Files.writeString(p, """
                - hosts: all
                  gather_facts: false
                  vars_files: [secret.yml]
                  tasks:
                    - name: app config
                      copy: {dest: /etc/app/app.conf, content: "listen 8080\\n", mode: "0644", owner: root, group: root}
                    - name: drop-in folder
                      file: {path: /etc/app/conf.d, state: directory, mode: "0755"}
                    - name: a drop-in
                      copy: {dest: /etc/app/conf.d/extra.conf, content: "workers 4\\n"}
                    - name: lines
                      lineinfile: {path: /etc/app/lines.conf, line: two}
                    - name: token rotated
                      copy: {dest: /etc/app/token.conf, content: "api_token=rotated-by-bollard\\n", mode: "0600"}
                    - name: the secret itself
                      copy: {dest: /etc/app/secret.txt, content: "{{ canary_token }}\\n", mode: "0600"}
                      no_log: true
                    - name: service account
                      user: {name: appsvc, shell: /usr/sbin/nologin}
                """);
        return p;
    }

    private Bollard.Run bollard(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--host-key-policy", "off", "--vault-password-file", dir.resolve("pass").toString()));
        Bollard.Run r = Bollard.run(all.toArray(String[]::new));
        assertFalse(r.out().contains(CANARY) || r.err().contains(CANARY), "the canary was printed: " + r);
        return r;
    }

    private static String sh(SshTarget t, String cmd) {
        return t.exec(cmd).out();
    }

    @Test
    void applyHistoryTamperRollback() throws Exception {
        prepare(t1);
        prepare(t2);
        Path inv = Bollard.inventory(dir, "deploy", t1, t2);
        Path book = playbook();

        Bollard.Run apply = bollard(book.toString(), "-i", inv.toString(), "--json");
        assertEquals(0, apply.code(), apply.toString());
        assertEquals(7, apply.changed("t1"), apply.toString());

        Bollard.Run history = bollard("history", "-i", inv.toString(), "--json");
        assertEquals(0, history.code(), history.toString());
        List<JsonNode> hosts = history.events().stream().filter(n -> n.has("host")).toList();
        assertEquals(List.of("t1", "t2"), hosts.stream().map(n -> n.path("host").asText()).toList(), history.toString());
        JsonNode run = hosts.get(0).path("runs").get(0);
        String id = run.path("id").asText();
        assertEquals(id, hosts.get(1).path("runs").get(0).path("id").asText(), "one run id for every host of the run");
        assertEquals(JOURNAL, hosts.get(0).path("journal").asText());
        assertEquals(book.toAbsolutePath().normalize().toString(), run.path("playbook").asText());
        assertEquals("apply", run.path("kind").asText());
        List<String> changed = new ArrayList<>();
        run.path("changed").forEach(t -> changed.add(t.path("task").asText() + ": " + t.path("summary").asText()));
        assertEquals(7, changed.size(), changed.toString());
        assertTrue(changed.contains("app config: update /etc/app/app.conf (10 -> 12 bytes)"), changed.toString());
        assertTrue(changed.contains("the secret itself: hidden (no_log)"), changed.toString());
        Bollard.Run human = bollard("history", "-i", inv.toString(), "t2");
        assertEquals(0, human.code(), human.toString());
        assertTrue(human.out().startsWith("t2 (" + JOURNAL + ", newest first)\n  " + id + "  "), human.out());
        assertFalse(human.out().contains("t1"), "only the host asked for: " + human.out());

        for (SshTarget t : List.of(t1, t2)) {
            assertEquals("700 root\n", sh(t, "stat -c '%a %U' " + JOURNAL));
            assertEquals("600 root\n", sh(t, "stat -c '%a %U' " + JOURNAL + "/" + id + ".json"));
            assertEquals(1, t.exec("grep -rF " + CANARY + " " + JOURNAL).rc(), "the canary is nowhere in the journal");
        }

        assertTrue(t1.exec("echo 'three, by hand' >> /etc/app/lines.conf").ok());

        Bollard.Run check = bollard("rollback", id, "-i", inv.toString(), "--check", "--diff");
        assertEquals(2, check.code(), check.toString());
        String out = check.out();
        assertTrue(out.contains("  REFUSED   /etc/app/lines.conf: changed since the run: its content changed (sha256 "), out);
        assertTrue(out.contains("  would restore /etc/app/app.conf: earlier content (10 bytes), mode 0600, deploy:deploy"), out);
        assertTrue(out.contains("      -listen 8080\n      +listen 80\n"), out);
        assertTrue(out.contains("  would remove /etc/app/conf.d/extra.conf"), out);
        assertTrue(out.contains("  would remove /etc/app/conf.d:"), out);
        assertTrue(out.contains("  not undone: service account: create user appsvc") && out.contains("(accounts are not removed or changed back)"), out);
        assertTrue(out.contains("  not undone: the secret itself (the task has no_log: the journal kept nothing of what it did)"), out);
        assertTrue(out.contains("  not undone: /etc/app/token.conf (token rotated) (its earlier content was not kept (it held a secret value))"), out);
        assertEquals("listen 8080\n", sh(t1, "cat /etc/app/app.conf"), "check mode changed nothing");
        assertEquals("listen 8080\n", sh(t2, "cat /etc/app/app.conf"));

        Bollard.Run rollback = bollard("rollback", id, "-i", inv.toString());
        assertEquals(2, rollback.code(), "a file was refused: " + rollback);
        for (SshTarget t : List.of(t1, t2)) {
            assertEquals("listen 80\n", sh(t, "cat /etc/app/app.conf"));
            assertEquals("600 deploy deploy\n", sh(t, "stat -c '%a %U %G' /etc/app/app.conf"));
            assertEquals("gone\n", sh(t, "test -e /etc/app/conf.d || echo gone"), "the folder the run created, and the file in it, removed");
            assertEquals("api_token=rotated-by-bollard\n", sh(t, "cat /etc/app/token.conf"), "not kept, so not restored");
            assertTrue(t.exec("id appsvc").ok(), "the account is left as the run made it");
        }
        assertEquals("one\ntwo\nthree, by hand\n", sh(t1, "cat /etc/app/lines.conf"), "refused: left as the hand edit left it");
        assertEquals("one\n", sh(t2, "cat /etc/app/lines.conf"), "untouched since the run on t2: restored");
        assertTrue(rollback.out().contains("t1: 3 put back, 1 refused, 0 failed, 3 not undone"), rollback.out());
        assertTrue(rollback.out().contains("t2: 4 put back, 0 refused, 0 failed, 3 not undone"), rollback.out());

        Bollard.Run after = bollard("history", "-i", inv.toString(), "t1", "--json");
        JsonNode latest = after.events().get(0).path("runs").get(0);
        assertEquals("rollback", latest.path("kind").asText(), after.toString());
        assertEquals(id, latest.path("undoes").asText());
        assertEquals(3, latest.path("changed").size(), latest.toString());
        assertEquals(1, t1.exec("grep -rF " + CANARY + " " + JOURNAL).rc(), "still nowhere in the journal");

        // a rollback is a run of its own: undone in turn, here on t2 only
        Bollard.Run redo = bollard("rollback", latest.path("id").asText(), "-i", inv.toString(), "--limit", "t2");
        assertEquals(0, redo.code(), redo.toString());
        assertFalse(redo.out().contains("t1"), "only t2: " + redo.out());
        assertEquals("listen 8080\n", sh(t2, "cat /etc/app/app.conf"));
        assertEquals("644 root root\n", sh(t2, "stat -c '%a %U %G' /etc/app/app.conf"));
        assertEquals("workers 4\n", sh(t2, "cat /etc/app/conf.d/extra.conf"));
        assertEquals("one\ntwo\n", sh(t2, "cat /etc/app/lines.conf"));
        assertEquals("listen 80\n", sh(t1, "cat /etc/app/app.conf"), "t1 left out");

        Bollard.Run unknown = bollard("rollback", "20200101T000000Z-abcdef", "-i", inv.toString());
        assertEquals(4, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("run 20200101T000000Z-abcdef is in no selected host's journal"), unknown.err());
    }
}
