package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delegate_to and run_once over SSH on two hosts: each command is checked on the container it
 * must have run on (and not on the other), with the delegated host's own connection and become.
 */
class DelegationE2ETest {
    private static SshTarget a;
    private static SshTarget b;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        a = SshTarget.sshd();
        b = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    @Test
    void eachCommandRunsWhereItWasSent() throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", a, b);
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: written on t2 for each host
                      copy: {dest: "/tmp/from-{{ inventory_hostname }}", content: "{{ inventory_hostname }}\\n"}
                      delegate_to: t2
                    - name: once, on the first host
                      shell: id -un > /tmp/once-{{ inventory_hostname }}
                      args: {creates: "/tmp/once-{{ inventory_hostname }}"}
                      run_once: true
                      register: once
                    - name: once, delegated to the second
                      shell: echo "{{ inventory_hostname }}" > /tmp/once-delegated
                      args: {creates: /tmp/once-delegated}
                      run_once: true
                      delegate_to: "{{ groups['all'][1] }}"
                    - name: on the control machine
                      copy: {dest: "DIR/local-{{ inventory_hostname }}", content: "failed={{ once.failed }}"}
                      delegate_to: localhost
                """.replace("DIR", dir.toString()));
        String[] args = {book.toString(), "-i", inv.toString(), "--host-key-policy", "off"};

        Bollard.Run check = Bollard.run(concat(args, "--check"));
        assertEquals(0, check.code(), check.toString());
        assertFalse(b.exec("test -e /tmp/from-t1").ok(), "check mode changes nothing on the delegate");

        Bollard.Run r = Bollard.run(args);
        assertEquals(0, r.code(), r.toString());
        assertEquals("t1\n", b.exec("cat /tmp/from-t1").out());
        assertEquals("t2\n", b.exec("cat /tmp/from-t2").out());
        assertEquals("root\n", b.exec("stat -c %U /tmp/from-t1").out(), "written with t2's own become");
        assertFalse(a.exec("test -e /tmp/from-t1 || test -e /tmp/from-t2").ok(), "nothing delegated ran on t1");

        assertEquals("root\n", a.exec("cat /tmp/once-t1").out());
        assertFalse(a.exec("test -e /tmp/once-t2").ok());
        assertFalse(b.exec("ls /tmp/once-t1 /tmp/once-t2").ok(), "run_once ran on the first host only");

        assertEquals("t1\n", b.exec("cat /tmp/once-delegated").out(), "run_once with delegate_to: t1's variables, on t2");
        assertFalse(a.exec("test -e /tmp/once-delegated").ok());

        assertEquals("failed=False", Files.readString(dir.resolve("local-t1")));
        assertEquals("failed=False", Files.readString(dir.resolve("local-t2")), "t2 got the result run_once registered on t1");

        assertTrue(r.out().contains("changed: [t1 -> t2]"), r.out());
        assertTrue(r.out().contains("changed: [t2 -> t2]") || r.out().contains("changed: [t2]"), r.out());
        assertTrue(r.out().contains("changed: [t1 -> localhost]"), r.out());

        Bollard.Run again = Bollard.run(args);
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().matches("(?s).*t1\\s+: ok=\\d+\\s+changed=0.*t2\\s+: ok=\\d+\\s+changed=0.*"), again.out());
        Bollard.Run verify = Bollard.run(concat(new String[] {"verify"}, args));
        assertEquals(0, verify.code(), verify.toString());
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
