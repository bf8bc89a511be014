package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delegate_to and run_once on local hosts: the variables stay the task's host's, the result is
 * reported under it with the host it ran on, run_once runs once and hands its result to every host.
 */
class DelegationTest {
    @TempDir
    Path dir;

    private Path book(String text) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return p;
    }

    /** Three hosts on the control machine: a and b in group web, c alone. */
    private Path inventory() throws Exception {
        Path p = dir.resolve("hosts.ini");
        Files.writeString(p, """
                [web]
                a ansible_connection=local
                b ansible_connection=local
                [db]
                c ansible_connection=local
                """);
        return p;
    }

    @Test
    void delegatedTasksKeepTheirHostsVariablesAndShowWhereTheyRan() throws Exception {
        Path p = book("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: write where it ran
                      shell: echo "{{ inventory_hostname }}" > DIR/{{ inventory_hostname }}.on-c
                      delegate_to: c
                    - name: to localhost without it in the inventory
                      copy: {dest: "DIR/{{ inventory_hostname }}.local", content: "{{ inventory_hostname }}"}
                      delegate_to: localhost
                    - name: templated
                      shell: echo x > DIR/{{ inventory_hostname }}.templated
                      delegate_to: "{{ groups['db'][0] }}"
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inventory().toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("a\n", Files.readString(dir.resolve("a.on-c")));
        assertEquals("b\n", Files.readString(dir.resolve("b.on-c")));
        assertEquals("a", Files.readString(dir.resolve("a.local")));
        assertTrue(r.out().contains("changed: [a -> c]"), r.out());
        assertTrue(r.out().contains("changed: [b -> localhost]"), r.out());
        assertTrue(r.out().matches("(?s).*\\ba\\s+: ok=0\\s+changed=3\\s.*"), "counted under a: " + r.out());
        assertFalse(r.out().matches("(?s).*\\bc\\s+: ok=.*"), "c is not in the play: " + r.out());

        Bollard.Run check = Bollard.run(p.toString(), "-i", inventory().toString(), "--check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().contains("ok: [a -> localhost]"), check.out());

        Bollard.Run json = Bollard.run(p.toString(), "-i", inventory().toString(), "--json");
        assertTrue(json.out().contains("\"host\":\"a\",\"delegated_to\":\"c\""), json.out());
    }

    @Test
    void runOnceRunsOnTheFirstHostAndGivesEveryHostItsResult() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: once
                      shell: echo "{{ inventory_hostname }}" >> DIR/once
                      register: out
                      run_once: true
                    - set_fact: {picked: "{{ inventory_hostname }}"}
                      run_once: "{{ 1 == 1 }}"
                    - copy: {dest: "DIR/{{ inventory_hostname }}.seen", content: "{{ out.rc }} {{ out.changed }} {{ picked }}"}
                    - name: once, delegated
                      shell: echo "{{ inventory_hostname }}" >> DIR/delegated-once
                      run_once: true
                      delegate_to: c
                    - name: not once
                      shell: echo "{{ inventory_hostname }}" >> DIR/every
                      run_once: "{{ inventory_hostname == 'x' }}"
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inventory().toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("a\n", Files.readString(dir.resolve("once")));
        for (String h : new String[] {"a", "b", "c"}) assertEquals("0 True a", Files.readString(dir.resolve(h + ".seen")), h);
        assertEquals("a\n", Files.readString(dir.resolve("delegated-once")));
        assertEquals(3, Files.readAllLines(dir.resolve("every")).size());
        assertTrue(r.out().contains("changed: [a -> c]"), r.out());
        assertFalse(r.out().contains("[b]") && r.out().indexOf("changed: [b]") < r.out().indexOf("TASK [set_fact"), r.out());
    }

    @Test
    void aBlockHandsDelegateToAndRunOnceToItsTasks() throws Exception {
        Path p = book("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - block:
                        - shell: echo "{{ inventory_hostname }}" >> DIR/block
                        - shell: echo "{{ inventory_hostname }}" >> DIR/own
                          run_once: false
                      run_once: true
                      delegate_to: c
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inventory().toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("a\n", Files.readString(dir.resolve("block")));
        assertEquals(2, Files.readAllLines(dir.resolve("own")).size());
        assertTrue(r.out().contains("changed: [b -> c]"), r.out());
    }

    @Test
    void aFailedRunOnceTaskStopsEveryHostOfTheBatch() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - shell: exit 1
                      run_once: true
                    - shell: echo "{{ inventory_hostname }}" >> DIR/after
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inventory().toString());
        assertEquals(2, r.code(), r.toString());
        assertFalse(Files.exists(dir.resolve("after")), r.out());
    }

    @Test
    void aDelegateThatIsNoHostIsRefusedBeforeTheRun() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - shell: touch DIR/x
                      delegate_to: nowhere
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inventory().toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("site.yml:3: task 'shell touch " + dir + "/x': delegate_to: 'nowhere' is not a host of the inventory (nor localhost)"), r.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }
}
