package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.BollardProcess;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;

/**
 * A host that goes silent in the middle of a step, two ways: frozen (docker pause: the TCP
 * connection stays open and nothing answers) and cut off its network (docker network disconnect).
 * Keep-alives find it gone; it is reported unreachable in the task it was in, the other host
 * finishes, and once the host is back a re-run does exactly what was left.
 */
class ConnectionDropE2ETest {
    /** Keep-alives every second, three unanswered ones drop the connection. */
    private static final String ALIVE = "    ansible_ssh_common_args: -o ServerAliveInterval=1 -o ServerAliveCountMax=3\n";

    private Network network;
    private SshTarget dropped;
    private SshTarget healthy;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        network = Network.newNetwork();
        dropped = SshTarget.sshdOn(network, "dropped", false);
        healthy = SshTarget.sshdOn(network, "healthy", false);
    }

    @AfterEach
    void stop() {
        if (dropped != null) dropped.close();
        if (healthy != null) healthy.close();
        if (network != null) network.close();
    }

    private Path inventory() throws Exception {
        Path inv = dir.resolve("inventory.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_become: true\n" + ALIVE + "  hosts:\n"
                + dropped.inventoryEntryByAddress("dropped", "deploy") + healthy.inventoryEntryByAddress("healthy", "deploy"));
        return inv;
    }

    private Path playbook() throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, """
                - hosts: all
                  become: true
                  gather_facts: false
                  tasks:
                    - name: first file
                      copy:
                        dest: /srv/one
                        content: "one\\n"
                    - name: a long step
                      shell: sleep {{ nap if inventory_hostname == 'dropped' else 1 }} && touch /srv/slept
                      args:
                        creates: /srv/slept
                    - name: last file
                      copy:
                        dest: /srv/three
                        content: "three\\n"
                """);
        return p;
    }

    @Test
    void aFrozenHostIsUnreachableInItsTaskAndTheRerunDoesWhatWasLeft() throws Exception {
        drop("a host frozen mid-step (docker pause)", dropped::pause, dropped::unpause);
    }

    @Test
    void aHostCutOffItsNetworkIsUnreachableInItsTaskAndTheRerunDoesWhatWasLeft() throws Exception {
        List<String> networks = new java.util.ArrayList<>();
        drop("a host cut off its network mid-step (docker network disconnect)", () -> networks.addAll(dropped.disconnect()),
                () -> dropped.reconnect(networks));
    }

    private void drop(String fault, Runnable cut, Runnable restore) throws Exception {
        Path book = playbook();
        // a run of its own JVM: when it has ended, its pid is gone, as a real run's is
        BollardProcess run = BollardProcess.start(dir, List.of("-Xmx256m"), book.toString(), "-i", inventory().toString(),
                "--host-key-policy", "off", "-e", "nap=30");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !dropped.exec("pgrep -f '^sleep 30$'").ok()) Thread.sleep(100);
        assertTrue(dropped.exec("pgrep -f '^sleep 30$'").ok(), () -> "the long step runs: " + output(run));
        long start = System.currentTimeMillis();
        cut.run();
        Bollard.Run first;
        try {
            first = run.await(120);
        } finally {
            restore.run();
        }
        long took = System.currentTimeMillis() - start;
        String out = first.out();
        assertEquals(3, first.code(), first.toString());
        assertEquals("a long step", taskOf(out, "unreachable: [dropped]"), "the host is unreachable in the task it was in:\n" + out);
        String said = FaultRecord.line(out, "unreachable: [dropped]");
        assertTrue(out.matches("(?s).*TASK \\[last file].*changed: \\[healthy].*"), "the other host went on:\n" + out);
        assertTrue(!out.matches("(?s).*TASK \\[last file][^\\n]*\\n[^T]*\\[dropped].*"), "the dropped host is left out after:\n" + out);
        assertTrue(out.matches("(?s).*dropped\\s+: ok=0\\s+changed=1\\s+unreachable=1\\s+failed=0.*"), out);
        assertTrue(out.matches("(?s).*healthy\\s+: ok=0\\s+changed=3\\s+unreachable=0\\s+failed=0.*"), out);
        // ServerAliveInterval 1 × ServerAliveCountMax 3, and the rest of the run
        assertTrue(took < 20_000, "found gone in " + took + " ms");

        // back on its feet: the step's processes died with the connection, the old run's lock went with them
        long back = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < back && dropped.exec("pgrep -f '^sleep 30$'").ok()) Thread.sleep(200);
        assertTrue(!dropped.exec("pgrep -f '^sleep 30$'").ok(), "the step's processes are gone: " + dropped.exec("ps -ef").out());
        assertEquals("one\n", dropped.exec("cat /srv/one").out());
        assertEquals("", dropped.exec("ls /srv/slept /srv/three 2>/dev/null; find /srv -name '.bollard.*'").out(), "nothing half-done");

        Bollard.Run again = Bollard.run(book.toString(), "-i", inventory().toString(), "--host-key-policy", "off", "-e", "nap=0");
        assertEquals(0, again.code(), again.toString());
        assertEquals(List.of("a long step", "last file"), changedTasks(again.out(), "dropped"), again.out());
        assertEquals(List.of(), changedTasks(again.out(), "healthy"), again.out());
        assertEquals("three\n", dropped.exec("cat /srv/three").out());
        FaultRecord.write(fault, said, first.code(), "step's processes gone, no temp file, lock free",
                "converged: changed exactly a long step, last file", took);
    }

    /** The task under whose header a text run printed the first line starting with {@code prefix}. */
    static String taskOf(String out, String prefix) {
        String task = null;
        for (String line : out.split("\n")) {
            Matcher t = Pattern.compile("^TASK \\[(.*)] \\**$").matcher(line);
            if (t.find()) task = t.group(1);
            else if (line.startsWith(prefix)) return task;
        }
        return null;
    }

    /** The tasks a text run reports as changed on {@code host}, in order. */
    static List<String> changedTasks(String out, String host) {
        List<String> tasks = new java.util.ArrayList<>();
        String task = null;
        for (String line : out.split("\n")) {
            Matcher t = Pattern.compile("^TASK \\[(.*)] \\**$").matcher(line);
            if (t.find()) task = t.group(1);
            else if (line.startsWith("changed: [" + host + "]")) tasks.add(task);
        }
        return tasks;
    }

    private static String output(BollardProcess run) {
        try {
            return run.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
