package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run does when one host goes wrong: one clear line, the other hosts go on, the recap tells the truth. */
class RunFailuresE2ETest {
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

    private Path playbook() throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, """
                - hosts: all
                  become: true
                  tasks:
                    - name: who am i
                      command: id -un
                      register: me
                      changed_when: false
                    - name: still here
                      debug:
                        msg: "{{ me.stdout }}"
                """);
        return p;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableHostLeavesTheOthersRunningAndExitsThree() throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", a, b);
        Files.writeString(inv, Files.readString(inv) + "    gone:\n      ansible_host: 127.0.0.1\n      ansible_port: " + closedPort() + "\n");
        Bollard.Run run = Bollard.run(playbook().toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off");
        assertEquals(3, run.code(), run.toString());
        // as in Ansible, the host is found unreachable when its facts are gathered, before the first task
        JsonNode gone = run.task("Gathering Facts").stream().filter(n -> n.path("host").asText().equals("gone")).findFirst().orElseThrow();
        assertEquals("unreachable", gone.path("status").asText());
        assertTrue(gone.path("msg").asText().contains("connection refused"), gone.toString());
        assertEquals(1, run.recap("gone").path("unreachable").asInt());
        assertTrue(run.task("who am i").stream().noneMatch(n -> n.path("host").asText().equals("gone")), run.toString());
        assertEquals(3, run.recap("t1").path("ok").asInt(), run.toString());
        assertEquals(3, run.recap("t2").path("ok").asInt(), run.toString());
        assertEquals(2, run.task("still here").size(), "both reachable hosts ran the second task");
    }

    @Test
    void refusedSudoIsOneLineAndOtherHostsGoOn() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_become: true\n  hosts:\n" + a.inventoryEntry("ok1", "deploy") + b.inventoryEntry("nopw", "alice"));
        Bollard.Run run = Bollard.run(playbook().toString(), "-i", inv.toString(), "--host-key-policy", "off");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.out().contains("failed: [nopw] sudo to root on nopw wants a password: set ansible_become_password or use --ask-become-pass"), run.out());
        assertTrue(run.out().contains("ok: [ok1] root"), run.out());
        assertTrue(run.out().matches("(?s).*nopw\\s+: ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1.*"), run.out());
    }

    @Test
    void changedHostKeyIsRefusedUnderStrictAndAcceptNew() throws Exception {
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", dir.toString());
            Path known = dir.resolve(".ssh/known_hosts");
            Files.createDirectories(known.getParent());
            Path inv = Bollard.inventory(dir, "deploy", a);
            Bollard.Run first = Bollard.run(playbook().toString(), "-i", inv.toString(), "--host-key-policy", "accept-new");
            assertEquals(0, first.code(), first.toString());
            assertTrue(Files.readString(known).contains("]:" + a.port()), "key recorded");
            Bollard.Run strict = Bollard.run(playbook().toString(), "-i", inv.toString());
            assertEquals(0, strict.code(), "strict accepts the recorded key: " + strict);

            Files.writeString(known, "[" + a.host() + "]:" + a.port()
                    + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPmhSBtMctNa4hsZt8QGlsYSE5/gMkjeand69Vj4ir13\n");
            for (String policy : List.of("strict", "accept-new")) {
                Bollard.Run changed = Bollard.run(playbook().toString(), "-i", inv.toString(), "--host-key-policy", policy);
                assertEquals(3, changed.code(), changed.toString());
                assertTrue(changed.out().contains("unreachable: [t1] host key for [" + a.host() + "]:" + a.port() + " has changed"), changed.out());
            }
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void passwordsNeverReachTheOutput() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_become: true\n    ansible_become_password: " + SshTarget.ALICE_PASSWORD
                + "\n  hosts:\n" + a.inventoryEntry("t1", "alice"));
        Path book = dir.resolve("leak.yml");
        Files.writeString(book, """
                - hosts: all
                  tasks:
                    - debug:
                        msg: "trying to print {{ ansible_become_password }}"
                    - name: echo it
                      command: echo {{ ansible_become_password }}
                      changed_when: false
                """);
        Bollard.Run run = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "--diff");
        assertEquals(0, run.code(), run.toString());
        assertFalse(run.out().contains(SshTarget.ALICE_PASSWORD), run.out());
        assertTrue(run.out().contains("trying to print ********"), run.out());
    }
}
