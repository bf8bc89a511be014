package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.FaultyLink;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target behind a slow or bad link (a proxy written for the test, {@link FaultyLink}): with
 * latency the run completes with the right results; a link that never answers is given up at the
 * connect timeout; a command is stopped at --timeout however slow the link; a connection the link
 * cuts mid-step is one unreachable host, and the re-run converges.
 */
class LossyLinkE2ETest {
    private static SshTarget target;
    private static SshTarget healthy;
    private FaultyLink link;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = SshTarget.sshd();
        healthy = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
        if (healthy != null) healthy.close();
    }

    @BeforeEach
    void open() throws Exception {
        link = FaultyLink.to(target.host(), target.port());
        target.exec("rm -rf /srv/app");
        healthy.exec("rm -rf /srv/app");
    }

    @AfterEach
    void close() {
        link.close();
    }

    /** The target behind the link as {@code slow}, the other one direct as {@code direct}. */
    private Path inventory() throws Exception {
        Path inv = dir.resolve("inventory.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_become: true\n  hosts:\n"
                + "    slow:\n      ansible_host: 127.0.0.1\n      ansible_port: " + link.port() + "\n      ansible_user: deploy\n"
                + "      ansible_ssh_private_key_file: " + target.privateKey() + "\n"
                + healthy.inventoryEntry("direct", "deploy"));
        return inv;
    }

    private Path playbook() throws Exception {
        Files.writeString(dir.resolve("app.conf.j2"), "name={{ inventory_hostname }}\n{% for i in range(500) %}key{{ i }}=value{{ i }}\n{% endfor %}");
        Path p = dir.resolve("site.yml");
        Files.writeString(p, """
                - hosts: all
                  become: true
                  tasks:
                    - name: app folder
                      file:
                        path: /srv/app
                        state: directory
                    - name: app config
                      template:
                        src: app.conf.j2
                        dest: /srv/app/app.conf
                    - name: a step
                      shell: sleep {{ nap | default(0) if inventory_hostname == 'slow' else 0 }}; echo ran >> /srv/app/steps; touch /srv/app/stepped
                      args:
                        creates: /srv/app/stepped
                    - name: marker
                      copy:
                        dest: /srv/app/done
                        content: "done\\n"
                """);
        return p;
    }

    private Bollard.Run run(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(playbook().toString(), "-i", inventory().toString(), "--host-key-policy", "off"));
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    @Test
    void aSlowLinkGivesTheSameResults() throws Exception {
        link.latency(150); // each way: 300 ms a round trip
        long start = System.currentTimeMillis();
        Bollard.Run run = run();
        long took = System.currentTimeMillis() - start;
        assertEquals(0, run.code(), run.toString());
        assertTrue(healthyConf().startsWith("name=direct\nkey0=value0\n"), healthyConf());
        assertEquals(healthyConf().replace("name=direct", "name=slow"), target.exec("cat /srv/app/app.conf").out(), "the same file as direct");
        assertEquals("ran\n", target.exec("cat /srv/app/steps").out());
        Bollard.Run again = run();
        assertTrue(again.out().matches("(?s).*slow\\s+: ok=\\d+\\s+changed=0\\s+unreachable=0\\s+failed=0.*"), again.out());
        System.out.println("[LossyLinkE2ETest] 300 ms round trips: the run took " + took + " ms");
        FaultRecord.write("a slow link (150 ms each way)", FaultRecord.line(run.out(), "slow  "), run.code(),
                "files as on the direct host", "changed=0", took);
    }

    private static String healthyConf() {
        return healthy.exec("cat /srv/app/app.conf").out();
    }

    @Test
    void aLinkThatNeverAnswersIsGivenUpAtTheConnectTimeout() throws Exception {
        link.mode(FaultyLink.Mode.STALL);
        long start = System.currentTimeMillis();
        Bollard.Run run = run("-T", "2");
        long took = System.currentTimeMillis() - start;
        assertEquals(3, run.code(), run.toString());
        String said = FaultRecord.line(run.out(), "unreachable: [slow]");
        assertTrue(said.contains("no SSH greeting and key exchange within 2 s (the connect timeout)"), said);
        assertTrue(run.out().matches("(?s).*direct\\s+: ok=\\d+\\s+changed=\\d+\\s+unreachable=0\\s+failed=0.*"), run.out());
        assertTrue(took < 30_000, "took " + took);
        assertEquals("", target.exec("ls /srv/app 2>/dev/null").out(), "nothing done on the host");
        link.mode(FaultyLink.Mode.FORWARD);
        Bollard.Run again = run();
        assertEquals(0, again.code(), again.toString());
        FaultRecord.write("a link that accepts and never answers (-T 2)", said, run.code(), "untouched", "converged", took);
    }

    @Test
    void aCommandIsStoppedAtItsTimeoutOverASlowLink() throws Exception {
        link.latency(150);
        long start = System.currentTimeMillis();
        Bollard.Run run = run("-e", "nap=60", "--timeout", "4");
        long took = System.currentTimeMillis() - start;
        assertEquals(2, run.code(), run.toString());
        String said = FaultRecord.line(run.out(), "failed: [slow]");
        assertTrue(said.contains("command timed out after 4 s on slow (--timeout)"), said);
        assertEquals("", target.exec("pgrep -f '^sleep 60$' || true").out().trim(), "the step's processes are gone");
        Bollard.Run again = run();
        assertEquals(0, again.code(), again.toString());
        assertEquals(List.of("a step", "marker"), ConnectionDropE2ETest.changedTasks(again.out(), "slow"), again.out());
        FaultRecord.write("a step that outlasts --timeout 4 over a slow link", said, run.code(), "step's processes gone",
                "converged: changed exactly a step, marker", took);
    }

    @Test
    void aConnectionTheLinkCutsMidStepIsOneUnreachableHost() throws Exception {
        Path inv = inventory();
        CompletableFuture<Bollard.Run> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run("-e", "nap=30");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !target.exec("pgrep -f '^sleep 30$'").ok()) Thread.sleep(100);
        assertTrue(target.exec("pgrep -f '^sleep 30$'").ok(), "the step runs");
        long start = System.currentTimeMillis();
        link.cutAll();
        Bollard.Run run = running.get(60, TimeUnit.SECONDS);
        long took = System.currentTimeMillis() - start;
        assertEquals(3, run.code(), run.toString());
        String said = FaultRecord.line(run.out(), "unreachable: [slow]");
        assertEquals("a step", ConnectionDropE2ETest.taskOf(run.out(), "unreachable: [slow]"), run.out());
        assertTrue(said.endsWith("connection to 127.0.0.1 broke: closed by the other end or a device on the way"), said);
        assertTrue(run.out().matches("(?s).*direct\\s+: ok=\\d+\\s+changed=4\\s+unreachable=0\\s+failed=0.*"), run.out());
        long gone = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < gone && target.exec("pgrep -f '^sleep 30$'").ok()) Thread.sleep(200);
        assertTrue(!target.exec("pgrep -f '^sleep 30$'").ok(), "the step's processes died with the connection");
        Bollard.Run again = Bollard.run(playbook().toString(), "-i", inv.toString(), "--host-key-policy", "off");
        assertEquals(0, again.code(), again.toString());
        assertEquals(List.of("a step", "marker"), ConnectionDropE2ETest.changedTasks(again.out(), "slow"), again.out());
        assertEquals(List.of(), ConnectionDropE2ETest.changedTasks(again.out(), "direct"), again.out());
        FaultRecord.write("the link cuts the connection mid-step", said, run.code(), "step's processes gone",
                "converged: changed exactly a step, marker", took);
    }
}
