package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An applying run sends consecutive tasks' steps to a host as one script: over SSH, the results are
 * the ones a task at a time gives (a failure in the middle, a registered result, a command that
 * changes what a later task reads, check mode's counts), in fewer round trips.
 */
class BatchApplyE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    private Bollard.Run run(String tasks, String... more) throws Exception {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, "- hosts: all\n  become: true\n  gather_facts: false\n  tasks:\n" + tasks);
        List<String> args = new ArrayList<>(List.of(book.toString(), "-i", Bollard.inventory(dir, "deploy", target.get()).toString(),
                "--host-key-policy", "off"));
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    private String onHost(String cmd) {
        return target.get().exec(cmd).out();
    }

    /** Each task's status in order ("name=status" or "name[item]=status"), and the recap's round trips, from --json. */
    private record Outcome(List<String> tasks, int roundTrips) {
    }

    private static Outcome outcome(Bollard.Run run) throws Exception {
        List<String> tasks = new ArrayList<>();
        int trips = -1;
        for (String line : run.out().split("\n")) {
            if (!line.startsWith("{")) continue;
            JsonNode n = JSON.readTree(line);
            if (n.path("event").asText().equals("task")) {
                tasks.add(n.path("task").asText() + "=" + n.path("status").asText());
            } else if (n.path("event").asText().equals("recap")) {
                trips = n.path("hosts").path("t1").path("round_trips").asInt();
            }
        }
        return new Outcome(tasks, trips);
    }

    @Test
    void aBatchThatFailsAtItsThirdStepReportsTheTwoBeforeAndRunsNothingAfterThenAReRunConverges() throws Exception {
        onHost("rm -rf /srv/batch-fail && mkdir -p /srv/batch-fail");
        String tasks = """
                    - name: first
                      copy: {dest: /srv/batch-fail/a, content: "a\\n"}
                    - name: second
                      copy: {dest: /srv/batch-fail/b, content: "b\\n"}
                    - name: third
                      copy: {dest: /srv/batch-fail/c, content: "c\\n", validate: "VALIDATE %s"}
                    - name: fourth
                      copy: {dest: /srv/batch-fail/d, content: "d\\n"}
                """;
        Bollard.Run failing = run(tasks.replace("VALIDATE", "grep -q never-there"), "--json");
        assertEquals(2, failing.code(), failing.toString());
        Outcome o = outcome(failing);
        assertEquals(List.of("first=changed", "second=changed", "third=failed"), o.tasks(), failing.out());
        assertTrue(failing.out().contains("validation failed"), failing.out());
        assertEquals("a\nb\n", onHost("cat /srv/batch-fail/a /srv/batch-fail/b"));
        assertEquals("none", onHost("ls /srv/batch-fail/c /srv/batch-fail/d 2>/dev/null || echo none").strip(), "nothing ran after the failed step");
        assertEquals("", onHost("ls -A /srv/batch-fail | grep bollard || true"), "no temporary file is left");
        // the read, the batch, the journal's entry
        assertEquals(3, o.roundTrips(), failing.out());

        Bollard.Run fixed = run(tasks.replace("VALIDATE", "grep -q c"), "--json");
        assertEquals(0, fixed.code(), fixed.toString());
        assertEquals(List.of("first=ok", "second=ok", "third=changed", "fourth=changed"), outcome(fixed).tasks(), fixed.out());
        Bollard.Run again = run(tasks.replace("VALIDATE", "grep -q c"));
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("changed=0"), again.out());
    }

    @Test
    void aRegisteredCommandEndsTheBatchAndTheTasksAfterItArePlannedWithItsRealResult() throws Exception {
        onHost("rm -rf /srv/batch-reg && mkdir -p /srv/batch-reg");
        Bollard.Run run = run("""
                    - name: before
                      copy: {dest: /srv/batch-reg/before, content: "x\\n"}
                    - name: a real result
                      shell: echo made-$((6*7)) | tee /srv/batch-reg/made
                      register: made
                    - name: uses it
                      copy: {dest: /srv/batch-reg/after, content: "{{ made.stdout }}\\n"}
                    - name: judged on it
                      copy: {dest: /srv/batch-reg/judged, content: "yes\\n"}
                      when: made.stdout == 'made-42'
                """, "--json");
        assertEquals(0, run.code(), run.toString());
        assertEquals(List.of("before=changed", "a real result=changed", "uses it=changed", "judged on it=changed"), outcome(run).tasks(), run.out());
        assertEquals("made-42\n", onHost("cat /srv/batch-reg/after"));
        assertEquals("yes\n", onHost("cat /srv/batch-reg/judged"));
    }

    @Test
    void aCommandThatChangesWhatALaterTaskReadsIsSeenByThatTask() throws Exception {
        onHost("rm -rf /srv/batch-guard && mkdir -p /srv/batch-guard");
        // planned on the prediction alone, the third task would write the file without the command's line
        Bollard.Run run = run("""
                    - name: a line
                      lineinfile: {path: /srv/batch-guard/f, line: first, create: true}
                    - name: a command writes the same file
                      shell: echo second >> /srv/batch-guard/f
                    - name: another line
                      lineinfile: {path: /srv/batch-guard/f, line: third}
                    - name: a file the command does not touch
                      copy: {dest: /srv/batch-guard/g, content: "g\\n"}
                """, "-vvv");
        assertEquals(0, run.code(), run.toString());
        assertEquals("first\nsecond\nthird\n", onHost("cat /srv/batch-guard/f"));
        assertEquals("g\n", onHost("cat /srv/batch-guard/g"));
        assertTrue(run.out().contains("steps and"), "the steps went as batches:\n" + run.out());
    }

    @Test
    void checkModeAndApplyGiveTheSameCountsPerTaskAndApplyTakesFewRoundTrips() throws Exception {
        onHost("rm -rf /srv/batch-same && mkdir -p /srv/batch-same/conf.d && userdel -r batchuser 2>/dev/null; true");
        Files.writeString(dir.resolve("app.conf.j2"), "name={{ inventory_hostname }}\nport={{ port }}\n");
        String tasks = """
                    - name: settings
                      json_merge: {path: /srv/batch-same/daemon.json, merge: {icc: false, live-restore: true}}
                    - name: rules
                      lineinfile: {path: /srv/batch-same/rules, line: "-w {{ item }} -k docker", create: true}
                      loop: [/etc/docker, /usr/bin/dockerd, /var/lib/docker]
                    - name: an account
                      user: {name: batchuser, shell: /bin/bash}
                    - name: a template
                      template: {src: app.conf.j2, dest: /srv/batch-same/conf.d/app.conf, mode: "0640"}
                      vars: {port: 8080}
                    - name: a folder
                      file: {path: /srv/batch-same/data, state: directory, mode: "0750"}
                    - name: a one-off command
                      command: touch /srv/batch-same/done
                      args: {creates: /srv/batch-same/done}
                    - name: its ids
                      subid: {user: batchuser, start: 400000, count: 65536}
                """;
        Bollard.Run check = run(tasks, "--check", "--json");
        assertEquals(0, check.code(), check.toString());
        Bollard.Run apply = run(tasks, "--json");
        assertEquals(0, apply.code(), apply.toString());
        List<String> checked = outcome(check).tasks();
        Outcome applied = outcome(apply);
        assertEquals(checked, applied.tasks(), "check:\n" + check.out() + "\napply:\n" + apply.out());
        assertFalse(applied.tasks().stream().anyMatch(t -> !t.endsWith("=changed")), apply.out());
        System.out.println("[BatchApplyE2ETest] fresh apply of " + applied.tasks().size() + " tasks: " + applied.roundTrips() + " round trips");
        // the reads, one batch (planned again after the account: useradd may give it subordinate ids), the journal's entry
        assertTrue(applied.roundTrips() <= 4, apply.out());
        assertTrue(onHost("cat /srv/batch-same/daemon.json").contains("\"live-restore\": true"));
        assertEquals("batchuser:400000:65536", onHost("grep ^batchuser: /etc/subuid").strip());
        Bollard.Run again = run(tasks, "--json");
        assertTrue(outcome(again).tasks().stream().allMatch(t -> t.endsWith("=ok")), again.out());
        assertEquals(2, outcome(again).roundTrips(), again.out());
    }
}
