package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.BollardProcess;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.SshTarget;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;

/**
 * Many hosts in one run in a 256 MiB heap, three of them broken: one that hangs (frozen: TCP is
 * accepted, SSH never speaks), one that refuses, one where a task fails. The healthy ones all
 * converge and the recap counts every host exactly. CI runs 20 healthy hosts (-Dbollard.hosts,
 * default 20); the README gives the figures of a run with 197.
 */
class ManyHostsE2ETest {
    private static final int HEALTHY = Integer.getInteger("bollard.hosts", 20);
    /** -T: how long the hanging host is waited for; a machine that many sshd make busy needs more (-Dbollard.connectTimeout). */
    private static final String CONNECT_TIMEOUT = System.getProperty("bollard.connectTimeout", "5");

    private final List<SshTarget> targets = new ArrayList<>();
    private Network network;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (SshTarget t : targets) pool.submit(t::close);
        pool.shutdown();
        pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
        if (network != null) network.close();
    }

    @Test
    void theHealthyHostsConvergeAndTheRecapIsExact() throws Exception {
        network = Network.newNetwork();
        long booting = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<SshTarget>> starting = new ArrayList<>();
        for (int i = 0; i < HEALTHY + 2; i++) {
            String alias = "h" + i;
            starting.add(pool.submit(() -> SshTarget.sshdOn(network, alias, false)));
        }
        for (Future<SshTarget> f : starting) targets.add(f.get());
        pool.shutdown();
        System.out.println("[ManyHostsE2ETest] " + targets.size() + " targets started in " + (System.currentTimeMillis() - booting) + " ms");
        SshTarget hang = targets.get(HEALTHY);
        SshTarget broken = targets.get(HEALTHY + 1);
        broken.exec("touch /etc/refuse-change");

        StringBuilder inv = new StringBuilder("all:\n  vars:\n    ansible_become: true\n  hosts:\n");
        for (int i = 0; i < HEALTHY; i++) inv.append(targets.get(i).inventoryEntryByAddress(String.format("h%03d", i), "deploy"));
        inv.append(hang.inventoryEntryByAddress("hang", "deploy")).append(broken.inventoryEntryByAddress("broken", "deploy"));
        try (ServerSocket s = new ServerSocket(0)) {
            inv.append("    down:\n      ansible_host: 127.0.0.1\n      ansible_port: ").append(s.getLocalPort()).append("\n");
        }
        Path inventory = dir.resolve("inventory.yml");
        Files.writeString(inventory, inv.toString());
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  become: true
                  gather_facts: false
                  tasks:
                    - name: app config
                      copy:
                        dest: /etc/app.conf
                        content: "host={{ inventory_hostname }}\\n"
                    - name: may change
                      command: test ! -e /etc/refuse-change
                      changed_when: false
                    - name: a line
                      lineinfile:
                        path: /etc/app.lines
                        line: "managed=yes"
                        create: true
                    - name: once
                      command: touch /etc/app.done
                      args:
                        creates: /etc/app.done
                """);
        hang.pause();
        long start = System.currentTimeMillis();
        Bollard.Run run;
        try {
            run = BollardProcess.start(dir, List.of("-Xmx256m"), book.toString(), "-i", inventory.toString(), "--host-key-policy", "off",
                    "--forks", "50", "-T", CONNECT_TIMEOUT).await(900);
        } finally {
            hang.unpause();
        }
        long took = System.currentTimeMillis() - start;
        System.out.println("[ManyHostsE2ETest] " + (HEALTHY + 3) + " hosts, -Xmx256m: the run took " + took + " ms");
        String out = run.out();
        assertEquals(2, run.code(), "a failed task outranks unreachable hosts: " + run);
        for (int i = 0; i < HEALTHY; i++) {
            String h = String.format("h%03d", i);
            assertTrue(Pattern.compile("\\n" + h + "\\s+: ok=1\\s+changed=3\\s+unreachable=0\\s+failed=0\\s+skipped=0").matcher(out).find(),
                    h + " converged:\n" + out);
            assertEquals("host=" + h + "\nmanaged=yes\n", targets.get(i).exec("cat /etc/app.conf /etc/app.lines").out(), h);
        }
        assertTrue(Pattern.compile("\\nhang\\s+: ok=0\\s+changed=0\\s+unreachable=1\\s+failed=0").matcher(out).find(), out);
        assertTrue(Pattern.compile("\\ndown\\s+: ok=0\\s+changed=0\\s+unreachable=1\\s+failed=0").matcher(out).find(), out);
        assertTrue(Pattern.compile("\\nbroken\\s+: ok=0\\s+changed=1\\s+unreachable=0\\s+failed=1").matcher(out).find(), out);
        assertTrue(FaultRecord.line(out, "unreachable: [hang]").contains("no SSH greeting and key exchange within " + CONNECT_TIMEOUT + " s"), out);
        assertTrue(FaultRecord.line(out, "unreachable: [down]").contains("connection refused"), out);
        Matcher recap = Pattern.compile("PLAY RECAP \\*+\\n((?:.*\\n?)*)").matcher(out);
        assertTrue(recap.find(), out);
        assertEquals(HEALTHY + 3, recap.group(1).lines().filter(l -> l.contains(": ok=")).count(), "one recap line per host");

        broken.exec("rm /etc/refuse-change");
        Bollard.Run again = BollardProcess.start(dir, List.of("-Xmx256m"), book.toString(), "-i", inventory.toString(), "--host-key-policy", "off",
                "--forks", "50", "-T", CONNECT_TIMEOUT).await(900);
        assertEquals(3, again.code(), "only 'down' is still unreachable: " + again);
        for (int i = 0; i < HEALTHY; i++) {
            assertTrue(Pattern.compile("\\n" + String.format("h%03d", i) + "\\s+: ok=4\\s+changed=0\\s").matcher(again.out()).find(), again.out());
        }
        assertTrue(Pattern.compile("\\nhang\\s+: ok=1\\s+changed=3\\s+unreachable=0\\s+failed=0").matcher(again.out()).find(), again.out());
        assertTrue(Pattern.compile("\\nbroken\\s+: ok=2\\s+changed=2\\s+unreachable=0\\s+failed=0").matcher(again.out()).find(), again.out());
        FaultRecord.write(HEALTHY + " hosts plus one hanging, one refusing, one failing (-Xmx256m, --forks 50)",
                FaultRecord.line(out, "unreachable: [hang]") + "; " + FaultRecord.line(out, "failed: [broken]"), run.code(),
                "the " + HEALTHY + " healthy hosts converged; recap exact", "healthy changed=0; hang and broken caught up", took);
    }
}
