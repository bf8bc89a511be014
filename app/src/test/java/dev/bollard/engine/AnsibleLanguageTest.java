package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loops, loop variables, registered results and load-time checks of Ansible's playbook language, on localhost. */
class AnsibleLanguageTest {
    @TempDir
    Path dir;

    private Path book(String text) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return p;
    }

    @Test
    void withLoopsAndLoopControlMakeTheItemsAnsibleMakes() throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/b.conf"), "");
        Files.writeString(dir.resolve("files/a.conf"), "");
        Files.writeString(dir.resolve("files/skip.txt"), "");
        Path p = book("""
                - hosts: all
                  vars:
                    nested: [[a, b], c]
                    ports: {http: 80, https: 443}
                  tasks:
                    - lineinfile: {path: DIR/items, line: "{{ item }}", create: true}
                      with_items: "{{ nested }}"
                    - lineinfile: {path: DIR/list, line: "{{ item | join('+') if item is iterable and item is not string else item }}", create: true}
                      with_list: "{{ nested }}"
                    - lineinfile: {path: DIR/dict, line: "{{ item.key }}={{ item.value }}", create: true}
                      with_dict: "{{ ports }}"
                    - lineinfile: {path: DIR/together, line: "{{ item.0 }}-{{ item.1 }}", create: true}
                      with_together: [[x, y], [1, 2]]
                    - lineinfile: {path: DIR/glob, line: "{{ item | basename }}", create: true}
                      with_fileglob: "*.conf"
                    - lineinfile: {path: DIR/control, line: "{{ idx }}:{{ port.key }} first={{ ansible_loop.first }} of {{ ansible_loop.length }}", create: true}
                      loop: "{{ ports | dict2items }}"
                      loop_control: {loop_var: port, index_var: idx, label: "{{ port.key }}"}
                """);
        Bollard.Run r = Bollard.run(p.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("a\nb\nc\n", Files.readString(dir.resolve("items")), "with_items flattens one level");
        assertEquals("a+b\nc\n", Files.readString(dir.resolve("list")), "with_list does not");
        assertEquals("http=80\nhttps=443\n", Files.readString(dir.resolve("dict")));
        assertEquals("x-1\ny-2\n", Files.readString(dir.resolve("together")));
        assertEquals("a.conf\nb.conf\n", Files.readString(dir.resolve("glob")));
        assertEquals("0:http first=True of 2\n1:https first=False of 2\n", Files.readString(dir.resolve("control")));
        assertTrue(r.out().contains("\"item\":\"https\""), "loop_control label names the item: " + r.out());
        Bollard.Run again = Bollard.run(p.toString());
        assertTrue(again.out().contains("changed=0"), again.out());
    }

    @Test
    void taskVarsMayReadARegisteredResult() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - command: echo hello
                      register: greeting
                      changed_when: false
                    - copy: {dest: DIR/out, content: "{{ said }}"}
                      vars:
                        said: "{{ greeting.stdout | upper }}"
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("HELLO", Files.readString(dir.resolve("out")));
    }

    @Test
    void checkModeDoesNotJudgeATaskItDidNotRun() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - command: touch DIR/made
                      register: made
                      changed_when: "'x' in made.stdout"
                      failed_when: made.rc > 1
                """);
        Bollard.Run check = Bollard.run(p.toString(), "--check");
        assertEquals(0, check.code(), check.toString());
        assertFalse(Files.exists(dir.resolve("made")));
        assertTrue(check.out().contains("changed=1"), check.out());
        Bollard.Run apply = Bollard.run(p.toString());
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.out().contains("changed=0"), "changed_when judged the real result: " + apply.out());
    }

    @Test
    void namesAreRenderedForEachHostInTheJsonReport() throws Exception {
        Path p = book("""
                - hosts: all
                  vars: {what: motd}
                  tasks:
                    - name: write the {{ what }} for {{ inventory_hostname }}
                      copy: {dest: DIR/motd, content: "hi"}
                """);
        Bollard.Run r = Bollard.run(p.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(1, r.task("write the motd for localhost").size(), r.out());
    }

    @Test
    void misspeltFilterInATaskThatIsSkippedIsFoundBeforeAnythingRuns() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - copy: {dest: DIR/first, content: "x"}
                    - debug: {msg: "{{ [1, 2] | jion(',') }}"}
                      when: false
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("site.yml:4: task 'debug {{ [1, 2] | jion(',') }}': argument 'msg': unknown filter 'jion' (did you mean 'join'?)"), r.err());
        assertFalse(Files.exists(dir.resolve("first")), "nothing ran");
    }

    @Test
    void leftoverFreeMarkerSyntaxGetsAHintButShellVariablesPass() throws Exception {
        Path p = book("""
                - hosts: all
                  vars: {name: web}
                  tasks:
                    - shell: echo ${HOME} > DIR/home
                    - copy: {dest: DIR/x, content: "${name}"}
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("'${name}' is FreeMarker syntax, which playbooks no longer use: write '{{ name }}'"), r.out());
        assertFalse(r.err().contains("HOME"), r.err());
    }

    @Test
    void unknownWithLoopIsRefusedByName() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - debug: {msg: "{{ item }}"}
                      with_sequence: start=1 end=3
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("site.yml:4: 'with_sequence' is not available in Bollard"), r.out());
    }

    @Test
    void aTemplatesMistakesAreFoundBeforeAnythingRuns() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/a.j2"), "ok {{ port }}\n{{ prot }}\n");
        Files.writeString(dir.resolve("templates/b.j2"), "{% if port > %}x{% endif %}\n");
        Path p = book("""
                - hosts: all
                  vars: {port: 80}
                  tasks:
                    - copy: {dest: DIR/first, content: "x"}
                    - template: {src: a.j2, dest: DIR/a}
                    - template: {src: b.j2, dest: DIR/b}
                      when: false
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("templates/a.j2:2: undefined variable 'prot'"), r.err());
        assertTrue(r.err().contains("templates/b.j2: syntax error in 'port >'"), r.err());
        assertFalse(Files.exists(dir.resolve("first")), "nothing ran");
    }

    @Test
    void untilRetriesAndEnvironment() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - name: third time lucky
                      shell: echo x >> DIR/count; wc -l < DIR/count
                      register: count
                      until: count.stdout | int >= 3
                      retries: 5
                      delay: 0
                    - shell: echo "$GREETING $TARGET" > DIR/env
                      environment: {GREETING: "hello there", TARGET: "{{ inventory_hostname }}"}
                    - name: never true
                      command: "false"
                      register: never
                      until: never.rc == 0
                      retries: 2
                      delay: 0
                """);
        Bollard.Run r = Bollard.run(p.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("x\nx\nx\n", Files.readString(dir.resolve("count")), "ran until the condition held");
        assertEquals("hello there localhost\n", Files.readString(dir.resolve("env")));
        assertTrue(r.out().contains("until 'never.rc == 0' still false after 3 attempts"), r.out());
    }

    @Test
    void whatBollardLacksIsRefusedByName() throws Exception {
        Bollard.Run module = Bollard.run(book("- hosts: all\n  tasks:\n    - community.general.ufw: {rule: allow}\n").toString());
        assertEquals(4, module.code(), module.toString());
        assertTrue(module.err().contains("site.yml:3: module community.general.ufw is not available in Bollard"), module.err());
        Bollard.Run keyword = Bollard.run(book("- hosts: all\n  tasks:\n    - debug: {msg: x}\n      throttle: 1\n").toString());
        assertEquals(4, keyword.code(), keyword.toString());
        assertTrue(keyword.err().contains("site.yml:4: task keyword 'throttle' is not available in Bollard"), keyword.err());
    }

    @Test
    void serialBatchesAndAnyErrorsFatal() throws Exception {
        Path inv = dir.resolve("hosts.yml");
        Files.writeString(inv, "all:\n  vars: {ansible_connection: local}\n  hosts: {h1: {}, h2: {}}\n");
        Path p = book("""
                - hosts: all
                  serial: 1
                  tasks:
                    - shell: echo "{{ inventory_hostname }} one {{ ansible_play_batch | join(',') }}" >> DIR/log
                    - shell: echo "{{ inventory_hostname }} two" >> DIR/log
                - hosts: all
                  any_errors_fatal: true
                  tasks:
                    - command: "false"
                      when: inventory_hostname == 'h1'
                    - shell: echo "{{ inventory_hostname }} not reached" >> DIR/log
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inv.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("h1 one h1\nh1 two\nh2 one h2\nh2 two\n", Files.readString(dir.resolve("log")));
        assertTrue(r.err().contains("any_errors_fatal") || r.out().contains("any_errors_fatal"), r.toString());
        Bollard.Run prompt = Bollard.run(book("- hosts: all\n  vars_prompt: [{name: pw}]\n  tasks: []\n").toString());
        assertEquals(4, prompt.code(), prompt.toString());
        assertTrue(prompt.err().contains("vars_prompt is not available in Bollard"), prompt.err());
    }

    @Test
    void includeTasksMayNameItsFileWithAnExpression() throws Exception {
        Path inv = dir.resolve("hosts.yml");
        Files.writeString(inv, "all:\n  vars: {ansible_connection: local}\n  hosts: {h1: {os: debian}, h2: {os: other}}\n");
        Files.createDirectories(dir.resolve("tasks"));
        Files.writeString(dir.resolve("tasks/debian.yml"), "- shell: echo \"{{ inventory_hostname }} debian {{ greeting }}\" >> " + dir + "/log\n");
        Files.writeString(dir.resolve("tasks/other.yml"), "- shell: echo \"{{ inventory_hostname }} other {{ greeting }}\" >> " + dir + "/log\n");
        Files.writeString(dir.resolve("tasks/static.yml"), "- shell: echo \"{{ inventory_hostname }} static {{ greeting }}\" >> " + dir + "/log\n");
        Path p = book("""
                - hosts: all
                  tasks:
                    - include_tasks: "tasks/{{ os }}.yml"
                      vars: {greeting: hi}
                    - import_tasks: {file: tasks/static.yml}
                      vars: {greeting: yo}
                      when: inventory_hostname == 'h2'
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inv.toString());
        assertEquals(0, r.code(), r.toString());
        String log = Files.readString(dir.resolve("log"));
        assertTrue(log.contains("h1 debian hi\n") && log.contains("h2 other hi\n") && log.endsWith("h2 static yo\n"), log);
        assertEquals(3, log.lines().count(), log);
    }
}
