package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on localhost, with tasks that run on the control machine. */
class MainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Path playbook(String text) throws IOException {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text);
        return p;
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(Path book, String... more) {
        List<String> args = new ArrayList<>(List.of(book.toString()));
        args.addAll(List.of(more));
        return run(dev.bollard.testing.Bollard.onThisMachine(args.toArray(String[]::new)));
    }

    @Test
    void withoutInventoryThisMachineIsCheckedButOnlyProvisionedWhenNamed() throws Exception {
        Path book = playbook("""
                - hosts: all
                  vars: {who: world}
                  tasks:
                    - debug: msg="hello {{ who }} from {{ inventory_hostname }}"
                """);
        Run refused = run(book.toString());
        assertEquals(4, refused.code(), refused.out());
        assertTrue(refused.err().contains("no inventory given: only this machine exists, as localhost") && refused.err().contains("-c local"),
                refused.err());
        assertFalse(refused.out().contains("hello"), refused.out());
        Run checked = run(book.toString(), "--check");
        assertEquals(0, checked.code(), checked.err());
        assertTrue(checked.err().contains("no inventory given: checking this machine (localhost, local connection)"), checked.err());
        Run r = run(book);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ok: [localhost] hello world from localhost"), r.out());
        assertTrue(r.out().contains("PLAY RECAP"), r.out());
    }

    @Test
    void jsonEndsWithTheRecapLine() throws Exception {
        Run r = run(playbook("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug: msg=one
                    - debug: msg=two
                      when: false
                """), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"event\":\"recap\",\"hosts\":{\"localhost\":{\"ok\":1,\"changed\":0,\"failed\":0,\"skipped\":1,\"unreachable\":0,\"rescued\":0,\"round_trips\":0,\"round_trip_ms\":0}}}", r.lastLine());
        for (String line : r.out().strip().split("\n")) assertTrue(line.startsWith("{\"event\":"), line);
    }

    @Test
    void failedTaskGivesExitTwoAndStopsTheHost() throws Exception {
        Run r = run(playbook("""
                - hosts: all
                  tasks:
                    - assert:
                        that: 1 == 2
                        fail_msg: "numbers disagree"
                    - debug: msg=never
                """), "--json");
        assertEquals(2, r.code());
        assertTrue(r.out().contains("\"status\":\"failed\"") && r.out().contains("numbers disagree"), r.out());
        assertTrue(!r.out().contains("never"), r.out());
        assertTrue(r.lastLine().contains("\"failed\":1"), r.lastLine());
    }

    @Test
    void ignoredFailureKeepsGoing() throws Exception {
        Run r = run(playbook("""
                - hosts: all
                  tasks:
                    - fail: msg=expected
                      ignore_errors: true
                    - debug: msg=after
                """));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("failed (ignored): [localhost] expected"), r.out());
        assertTrue(r.out().contains("ok: [localhost] after"), r.out());
    }

    @Test
    void undefinedVariableIsCaughtBeforeAnyHostWithFileLineAndHost() throws Exception {
        Path book = playbook("""
                - hosts: all
                  tasks:
                    - debug: msg=fine
                    - name: uses a missing var
                      debug:
                        msg: "disk is {{ data_disk }}"
                """);
        Run r = run(book);
        assertEquals(4, r.code());
        assertTrue(r.err().contains("site.yml:6: task 'uses a missing var': argument 'msg': undefined variable 'data_disk' (host localhost)"), r.err());
        assertTrue(!r.out().contains("fine"), "nothing ran: " + r.out());
    }

    @Test
    void registeredAndSetFactNamesAreLeftToTheRun() throws Exception {
        Run r = run(playbook("""
                - hosts: all
                  tasks:
                    - set_fact:
                        port: 8080
                    - debug: msg="port {{ port }}"
                      register: said
                    - debug: msg="said {{ said.msg }}"
                """));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("said port 8080"), r.out());
    }

    @Test
    void extraVarsWinOverPlayVars() throws Exception {
        Path vars = dir.resolve("extra.yml");
        Files.writeString(vars, "colour: blue\n");
        Path book = playbook("""
                - hosts: all
                  vars: {colour: red, size: small}
                  tasks:
                    - debug: msg="{{ colour }} {{ size }}"
                """);
        assertTrue(run(book, "-e", "size=large").out().contains("red large"));
        assertTrue(run(book, "-e", "@" + vars).out().contains("blue small"));
        assertTrue(run(book, "-e", "{\"size\": \"huge\"}").out().contains("red huge"));
        Path derived = playbook("- hosts: all\n  vars:\n    label: \"{{ colour }}-box\"\n  tasks:\n    - debug: msg=\"{{ label }}\"\n");
        assertTrue(run(derived, "-e", "colour=green").out().contains("green-box"), "a play var may use an extra var");
    }

    @Test
    void tagsSelectTasks() throws Exception {
        Path book = playbook("""
                - hosts: all
                  tasks:
                    - debug: msg=alpha
                      tags: a
                    - debug: msg=beta
                      tags: [b]
                    - debug: msg=gamma
                      tags: always
                """);
        Run onlyA = run(book, "--tags", "a");
        assertTrue(onlyA.out().contains("alpha") && !onlyA.out().contains("beta") && onlyA.out().contains("gamma"), onlyA.out());
        Run skipA = run(book, "--skip-tags", "a");
        assertTrue(!skipA.out().contains("alpha") && skipA.out().contains("beta"), skipA.out());
    }

    @Test
    void listingsAndSyntaxCheck() throws Exception {
        Path book = playbook("""
                - name: base
                  hosts: all
                  tasks:
                    - name: first
                      debug: msg=x
                      tags: t1
                """);
        Run tasks = run(book, "--list-tasks");
        assertEquals(0, tasks.code());
        assertTrue(tasks.out().contains("first\tTAGS: [t1]"), tasks.out());
        Run hosts = run(book, "--list-hosts");
        assertTrue(hosts.out().contains("hosts (1):") && hosts.out().contains("localhost"), hosts.out());
        Run syntax = run(book, "--syntax-check");
        assertTrue(syntax.out().contains("syntax OK (1 plays, 1 tasks)"), syntax.out());
    }

    @Test
    void badArgumentsAreExitFour() throws Exception {
        Path book = playbook("- hosts: all\n  tasks:\n    - debug: msg=x\n");
        assertEquals(4, run(book, "--forks", "0").code());
        Run policy = run(book, "--host-key-policy", "sometimes");
        assertEquals(4, policy.code());
        assertTrue(policy.err().contains("--host-key-policy must be strict, accept-new or off"), policy.err());
        assertEquals(4, run(book, "--no-such-flag").code());
        Run missing = run(dir.resolve("nope.yml").toString());
        assertEquals(4, missing.code());
        assertTrue(missing.err().contains("nope.yml: no such file"), missing.err());
    }

    @Test
    void unknownDebugArgumentNamesTheKeyLine() throws Exception {
        Run r = run(playbook("- hosts: all\n  tasks:\n    - debug:\n        mgs: hi\n"));
        assertEquals(4, r.code());
        assertTrue(r.err().contains("site.yml:4: task 'debug hi': unknown argument 'mgs' for module debug (did you mean 'msg'?); it takes msg, var"), r.err());
    }

    @Test
    void verifyModeReportsCompliance() throws Exception {
        Run r = run("verify", playbook("- hosts: all\n  tasks:\n    - assert: {that: [\"2 > 1\"]}\n").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("localhost: COMPLIANT"), r.out());
    }

    @Test
    void everyKindOfBadInputIsExitFourWithFileAndLine() throws Exception {
        record Case(String playbook, String expected) {
        }
        List<Case> cases = List.of(
                new Case("- hosts: all\n  tasks:\n    - debug: [unclosed\n", "site.yml:4:1: "),
                new Case("- hosts: all\n  tasks:\n    - lineinfle:\n        path: /x\n", "site.yml:3: unknown module 'lineinfle' (did you mean 'lineinfile'?)"),
                new Case("- hosts: all\n  tasks:\n    - lineinfile:\n        path: /x\n        line: y\n        create: maybe\n",
                        "site.yml:6: task 'lineinfile /x': 'create' must be true or false, not 'maybe'"),
                new Case("- hosts: all\n  tasks:\n    - copy:\n        content: x\n", "site.yml:3: task 'copy x': missing required argument 'dest' for module copy"),
                new Case("- hosts: all\n  tasks:\n    - file:\n        path: /x\n        mode: 644x\n",
                        "site.yml:5: task 'file /x': 'mode' must be an octal mode such as \"0644\", not '644x'"),
                new Case("- hosts: webservers\n  tasks:\n    - debug: msg=x\n", "site.yml:1: hosts: unknown host or group 'webservers' in pattern 'webservers'"),
                new Case("- hosts: all\n  tasks:\n    - debug: msg=x\n      notify: nobody\n", "site.yml:3: notify 'nobody' matches no handler of this play"),
                new Case("- hosts: all\n  tasks:\n    - debug: msg=x\n      when: enabled\n", "site.yml:3: task 'debug x': when: undefined variable 'enabled'"));
        for (Case c : cases) {
            Run r = run(playbook(c.playbook()));
            assertEquals(4, r.code(), c.playbook() + "\n" + r.err());
            assertTrue(r.err().contains(c.expected()), "expected <" + c.expected() + "> in:\n" + r.err());
            assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
        }
        Run limit = run(playbook("- hosts: all\n  tasks:\n    - debug: msg=x\n"), "--limit", "nowhere");
        assertEquals(4, limit.code());
        assertTrue(limit.err().contains("--limit: unknown host or group 'nowhere'"), limit.err());
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    web1: {ansible_port: twenty}\n");
        Run badInventory = run(playbook("- hosts: all\n  tasks:\n    - debug: msg=x\n"), "-i", inv.toString());
        assertEquals(4, badInventory.code());
        assertTrue(badInventory.err().contains("host web1: ansible_port must be a number, not 'twenty'"), badInventory.err());
    }

    @Test
    void aBrokenGroupVarsFileBesideThePlaybookIsBadInputNotACrash() throws Exception {
        Path book = playbook("- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: hi\n");
        Files.createDirectories(dir.resolve("group_vars"));
        Files.writeString(dir.resolve("group_vars/all.yml"), "docker_vg: [unclosed\n");
        Run r = run(book);
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().contains("group_vars/all.yml:2"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void docListsEveryModuleAndPrintsOneFromItsDeclaration() {
        Run list = run("doc");
        assertEquals(0, list.code(), list.err());
        for (String name : new String[] {"apt", "lineinfile", "json_merge", "lvol", "debug", "set_fact"}) {
            assertTrue(list.out().contains("\n  " + name + " "), name + " in:\n" + list.out());
        }
        Run one = run("doc", "ansible.builtin.assert");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("> ASSERT\n"), one.out());
        assertTrue(one.out().contains("that                any; required"), one.out());
        Run wrong = run("doc", "lineinfle");
        assertEquals(4, wrong.code());
        assertTrue(wrong.err().contains("did you mean 'lineinfile'?"), wrong.err());
    }

    @Test
    void aCommandThatOutlivesTheTimeoutFailsItsTaskNotTheConnection() throws Exception {
        Path book = playbook("- hosts: all\n  gather_facts: false\n  tasks:\n    - shell: sleep 60\n    - debug:\n        msg: after\n");
        Run r = run(book, "--timeout", "1");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("command timed out after 1 s on localhost (--timeout)"), r.out());
        assertTrue(r.out().contains("failed=1") && r.out().contains("unreachable=0"), r.out());
    }

    @Test
    void verbosityShowsCommandOutputAndTheCommandsSent() throws Exception {
        Path book = playbook("- hosts: all\n  gather_facts: false\n  tasks:\n    - shell: echo quiet-$((1+1))\n      changed_when: false\n"
                + "    - shell: echo loud-$((2+1)); echo err-$((3+1)) >&2\n");
        Run plain = run(book);
        assertFalse(plain.out().contains("loud-3"), plain.out());
        Run v = run(book, "-v");
        assertTrue(v.out().contains("    stdout (rc 0):\n      loud-3\n    stderr:\n      err-4\n"), v.out());
        assertFalse(v.out().contains("quiet-2\n"), "-v shows changed and failed tasks only:\n" + v.out());
        Run vv = run(book, "-vv");
        assertTrue(vv.out().contains("      quiet-2\n"), vv.out());
        Run vvv = run(book, "-vvv");
        assertTrue(vvv.out().contains("  <localhost> $ echo loud-$((2+1)); echo err-$((3+1)) >&2  [rc 0, "), vvv.out());
        Run json = run(book, "--json");
        assertTrue(json.out().contains("\"cmd\":\"echo loud-$((2+1)); echo err-$((3+1)) >&2\",\"stdout\":\"loud-3\",\"stderr\":\"err-4\",\"rc\":0"), json.out());
    }

    @Test
    void ansibleCommandLineFlags() throws Exception {
        Path book = playbook("- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: hi\n      tags: [greet]\n"
                + "    - debug:\n        msg: bye\n      tags: [leave, greet]\n");
        Run tags = run(book, "--list-tags");
        assertEquals(0, tags.code(), tags.err());
        assertTrue(tags.out().contains("TASK TAGS: [greet, leave]"), tags.out());
        Run su = run(book, "--become-method", "su");
        assertEquals(4, su.code());
        assertTrue(su.err().contains("--become-method su is not available in Bollard: it becomes with sudo only"), su.err());
        Run flush = run(book.toString(), "--flush-cache");
        assertEquals(4, flush.code());
        assertTrue(flush.err().contains("(ansible-playbook's --flush-cache: Bollard keeps no fact cache between runs"), flush.err());
        Files.writeString(dir.resolve("hosts.retry"), "localhost\n");
        Files.writeString(dir.resolve("inv.ini"), "localhost ansible_connection=local\nother ansible_host=192.0.2.1\n");
        Run limited = run(book.toString(), "-i", dir.resolve("inv.ini").toString(), "--limit", "@" + dir.resolve("hosts.retry"), "--list-hosts");
        assertEquals(0, limited.code(), limited.err());
        assertTrue(limited.out().contains("hosts (1):\n      localhost\n"), limited.out());
        Run list = run(book.toString(), "-i", "localhost,", "-c", "local", "-u", "nobody-in-particular");
        assertEquals(0, list.code(), list.out() + list.err());
        assertTrue(list.out().contains("ok: [localhost] hi"), list.out());
    }

    @Test
    void ansibleVariablesBollardDoesNotUseAreNamedOnce() throws Exception {
        Path book = playbook("- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: hi\n");
        Files.writeString(dir.resolve("inv.ini"), "a ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n"
                + "b ansible_connection=local ansible_python_interpreter=/usr/bin/python3 ansible_become_method=sudo\n");
        Run r = run(book.toString(), "-i", dir.resolve("inv.ini").toString(), "-e", "ansible_ssh_retries=3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("WARNING: ansible_python_interpreter (host a) is not used by Bollard: Bollard runs no Python on hosts\n"), r.err());
        assertTrue(r.err().contains("WARNING: ansible_become_method (host b) is not used by Bollard: Bollard becomes with sudo only\n"), r.err());
        assertTrue(r.err().contains("WARNING: ansible_ssh_retries (-e) is not used by Bollard\n"), r.err());
        assertEquals(1, r.err().split("ansible_python_interpreter", -1).length - 1, "named once:\n" + r.err());
    }

    @Test
    void aSelectionThatSelectsNothingIsAMistakeAndStartAtTaskSkipsTheTasksBefore() throws Exception {
        Path book = playbook("- hosts: all\n  gather_facts: false\n  tasks:\n    - name: one\n      debug: {msg: first-task}\n      tags: [setup]\n"
                + "    - name: two\n      debug: {msg: second-task}\n      tags: [deploy]\n");
        Run typo = run(book, "--tags", "deplyo");
        assertEquals(4, typo.code());
        assertTrue(typo.err().contains("--tags: no task of " + book + " has the tag 'deplyo' (did you mean 'deploy'?) (its tags: deploy, setup)"), typo.err());
        Run from = run(book, "--start-at-task", "two");
        assertEquals(0, from.code(), from.err());
        assertFalse(from.out().contains("first-task"), from.out());
        assertTrue(from.out().contains("second-task"), from.out());
        Run nowhere = run(book, "--start-at-task", "three");
        assertEquals(4, nowhere.code());
        assertTrue(nowhere.err().contains("--start-at-task: no task of " + book + " is named 'three'"), nowhere.err());
    }
}
