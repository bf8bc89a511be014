package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers, register, failed_when and check mode on localhost, against real files. */
class HandlersAndFlowTest {
    @TempDir
    Path dir;

    private Path book(String text) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return p;
    }

    @Test
    void handlersRunOnceInDefinitionOrderAtFlushAndAtTheEnd() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - copy: {dest: DIR/a, content: "1"}
                      notify: [second, first]
                    - copy: {dest: DIR/b, content: "2"}
                      notify: first
                    - shell: echo task >> DIR/log
                      changed_when: false
                    - meta: flush_handlers
                    - copy: {dest: DIR/c, content: "3"}
                      notify: second
                  handlers:
                    - name: first
                      shell: echo first >> DIR/log
                    - name: second
                      shell: echo second >> DIR/log
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("task\nfirst\nsecond\nsecond\n", Files.readString(dir.resolve("log")));
        Bollard.Run again = Bollard.run(p.toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals("task\nfirst\nsecond\nsecond\ntask\n", Files.readString(dir.resolve("log")), "nothing changed, so no handler ran");
        assertTrue(again.out().contains("changed=0"), again.out());
    }

    @Test
    void checkModeShowsHandlersItWouldRunAndChangesNothing() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - copy: {dest: DIR/a, content: "x"}
                      notify: restart
                  handlers:
                    - name: restart
                      shell: echo restarted >> DIR/log
                """);
        Bollard.Run r = Bollard.run(p.toString(), "--check", "--diff");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("HANDLER [restart]"), r.out());
        assertTrue(r.out().contains("would change: [localhost] run: echo restarted >> " + dir + "/log"), r.out());
        assertTrue(r.out().contains("+x  (no newline at end of file)"), r.out());
        assertFalse(Files.exists(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("log")));
    }

    @Test
    void registerFailedWhenAndChangedWhen() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - name: a command that exits 3
                      shell: echo hello; exit 3
                      register: out
                      failed_when: out.rc != 3
                      changed_when: false
                    - assert:
                        that:
                          - out.stdout == "hello"
                          - out.rc == 3
                          - "!out.changed"
                    - name: fails for real
                      command: "false"
                      ignore_errors: true
                      register: bad
                    - assert:
                        that: bad.failed && bad.rc == 1
                """);
        Bollard.Run r = Bollard.run(p.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(0, r.failed("localhost"), r.toString());
        assertEquals("ok", r.task("a command that exits 3").get(0).path("status").asText());
        assertTrue(r.task("fails for real").get(0).path("ignored").asBoolean(), r.toString());
    }

    @Test
    void commandsReportWhatTheyWouldRunInCheckModeAndCreatesIsHonoured() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - name: make marker
                      command: touch DIR/marker
                      args:
                        creates: DIR/marker
                    - name: make marker again
                      command: touch DIR/marker
                      args:
                        creates: DIR/marker
                """);
        Bollard.Run check = Bollard.run(p.toString(), "--check", "--json");
        assertEquals("changed", check.task("make marker").get(0).path("status").asText());
        assertTrue(check.task("make marker").get(0).path("msg").asText().startsWith("run: touch"), check.toString());
        assertEquals("ok", check.task("make marker again").get(0).path("status").asText(), "the first task's predicted file counts");
        assertFalse(Files.exists(dir.resolve("marker")));
        Bollard.Run apply = Bollard.run(p.toString(), "--json");
        assertEquals(1, apply.changed("localhost"), apply.toString());
        assertTrue(Files.exists(dir.resolve("marker")));
        assertEquals(0, Bollard.run(p.toString(), "--json").changed("localhost"));
    }

    @Test
    void verifyProbesFailTheTaskAndNameIt() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - name: config written
                      copy: {dest: DIR/app.conf, content: "port=80\\n"}
                      verify:
                        - grep -q 'port=8080' DIR/app.conf
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.out().contains("failed: [localhost] verify failed: `grep -q 'port=8080' " + dir + "/app.conf` exited 1"), r.out());
        Bollard.Run verify = Bollard.run("verify", p.toString());
        assertEquals(2, verify.code());
        assertTrue(verify.out().contains("DOES NOT HOLD: [localhost] verify failed"), verify.out());
        assertTrue(verify.out().contains("localhost: NOT COMPLIANT (1 postcondition(s) do not hold)"), verify.out());
    }

    @Test
    void templateRendersWithHostVariables() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/motd.ftl"), "Welcome to ${inventory_hostname}<#list users as u>\n- ${u}</#list>\n");
        Path p = book("""
                - hosts: all
                  vars:
                    users: [alice, bob]
                  tasks:
                    - template: {src: motd.ftl, dest: DIR/motd, mode: "0600"}
                """);
        assertEquals(0, Bollard.run(p.toString()).code());
        assertEquals("Welcome to localhost\n- alice\n- bob\n", Files.readString(dir.resolve("motd")));
        Files.writeString(dir.resolve("templates/motd.j2"), "Welcome to {{ inventory_hostname }}\n{% for u in users %}\n- {{ u }}\n{% endfor %}\n");
        Path j2 = book("""
                - hosts: all
                  vars:
                    users: [alice, bob]
                  tasks:
                    - template: {src: motd.j2, dest: DIR/motd2}
                """);
        assertEquals(0, Bollard.run(j2.toString()).code());
        assertEquals("Welcome to localhost\n- alice\n- bob\n", Files.readString(dir.resolve("motd2")));
        Files.writeString(dir.resolve("templates/bad.j2"), "line one\n{{ no_such_var }}\n");
        Bollard.Run bad = Bollard.run(book("- hosts: all\n  tasks:\n    - template: {src: bad.j2, dest: DIR/bad}\n").toString());
        assertEquals(4, bad.code(), "found before anything ran");
        assertTrue(bad.err().contains("bad.j2:2: undefined variable 'no_such_var'"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
        Files.writeString(dir.resolve("templates/late.j2"), "line one\n{{ later.stdout }}\n");
        Bollard.Run late = Bollard.run(book("""
                - hosts: all
                  tasks:
                    - command: echo hi
                      register: later
                      when: false
                    - template: {src: late.j2, dest: DIR/late}
                """).toString());
        assertEquals(2, late.code(), "a registered result only the run can judge");
        assertTrue(late.out().contains("late.j2:2: the mapping has no key 'stdout'"), late.out());
        assertFalse(Files.exists(dir.resolve("late")));
        Bollard.Run missing = Bollard.run(book("- hosts: all\n  tasks:\n    - template: {src: nope.ftl, dest: DIR/x}\n").toString());
        assertEquals(4, missing.code());
        assertTrue(missing.err().contains("local file 'nope.ftl' not found (looked in"), missing.err());
    }

    @Test
    void forceHandlersRunsWhatAFailedHostNotified() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy: {dest: DIR/config, content: "new"}
                      notify: reload
                    - fail: {msg: broken later}
                  handlers:
                    - name: reload
                      copy: {dest: DIR/reloaded, content: "yes"}
                """);
        Bollard.Run plain = Bollard.run(p.toString());
        assertEquals(2, plain.code(), plain.toString());
        assertFalse(Files.exists(dir.resolve("reloaded")), "without --force-handlers a failed host runs no handler");
        Files.delete(dir.resolve("config"));
        Bollard.Run forced = Bollard.run(p.toString(), "--force-handlers");
        assertEquals(2, forced.code(), forced.toString());
        assertEquals("yes", Files.readString(dir.resolve("reloaded")));
    }

    @Test
    void aHandlerAFailureKeptFromRunningIsPendingUntilARunRunsIt() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy: {dest: DIR/config, content: "new"}
                      notify: reload
                    - command: "{{ '/bin/false' if (broken | bool) else '/bin/true' }}"
                      changed_when: false
                  handlers:
                    - name: reload
                      shell: echo once >> DIR/reloads
                """);
        Path state = Files.createDirectories(dir.resolve("state"));
        Path record = state.resolve("pending-handlers.json");
        Bollard.Run failed = Bollard.run(state, p.toString(), "-e", "broken=true");
        assertEquals(2, failed.code(), failed.toString());
        assertFalse(Files.exists(dir.resolve("reloads")));
        assertTrue(Files.readString(record).contains("\"notify\":\"reload\""), Files.readString(record));
        Bollard.Run check = Bollard.run(state, p.toString(), "-e", "broken=false", "--check");
        assertTrue(check.out().contains("pending from run "), check.out());
        assertFalse(Files.exists(dir.resolve("reloads")), "--check ran the handler");
        assertTrue(Files.exists(record), "--check cleared the record");
        Bollard.Run next = Bollard.run(state, p.toString(), "-e", "broken=false");
        assertEquals(0, next.code(), next.toString());
        assertTrue(next.out().contains("pending from run "), next.out());
        assertEquals("once\n", Files.readString(dir.resolve("reloads")));
        assertFalse(Files.exists(record), "the record outlived the handler's run");
        Bollard.Run quiet = Bollard.run(state, p.toString(), "-e", "broken=false");
        assertEquals(0, quiet.code(), quiet.toString());
        assertEquals("once\n", Files.readString(dir.resolve("reloads")), "the handler ran again");

        // --force-handlers: the failed host runs it at once, and nothing is left pending
        Files.delete(dir.resolve("config"));
        Bollard.Run forced = Bollard.run(state, p.toString(), "-e", "broken=true", "--force-handlers");
        assertEquals(2, forced.code(), forced.toString());
        assertEquals("once\nonce\n", Files.readString(dir.resolve("reloads")));
        assertFalse(Files.exists(record), "a handler --force-handlers ran is still recorded pending");
    }
}
