package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two runs against one host take turns; a lock left by a gone run is taken over; check mode takes none. */
class HostLockE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    @AfterEach
    void noFakeHolder() {
        target.get().exec("pkill -f '^sleep 123$'; rm -f /tmp/order");
    }

    private Path book(String name, String tasks) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "- hosts: all\n  become: true\n  tasks:\n" + tasks);
        return p;
    }

    private Bollard.Run run(Path book, String... more) throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        String[] args = new String[3 + more.length + 2];
        args[0] = book.toString();
        args[1] = "-i";
        args[2] = inv.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 2] = "--host-key-policy";
        args[args.length - 1] = "off";
        return Bollard.run(args);
    }

    /** A process on the target that holds the lock as a run's holder would, with {@code record} as its holder line. */
    private static void fakeHolder(String record) throws Exception {
        String holder = "exec 9</var/lock/bollard; flock 9; printf '%s\\n' \"" + record + "\" >/var/lock/bollard/holder; exec sleep 123";
        target.get().exec("umask 0; mkdir -p /var/lock/bollard; sh -c " + dev.bollard.spi.Shell.quote(holder) + " >/dev/null 2>&1 &");
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline && !target.get().exec("pgrep -f '^sleep 123$'").ok()) Thread.sleep(50);
    }

    private static String holderPid() {
        return target.get().exec("pgrep -f '^sleep 123$'").out().trim();
    }

    @Test
    void aSecondRunWaitsForTheFirstOrLeavesTheHostNamingTheHolder() throws Exception {
        Path first = book("first.yml", """
                    - shell: echo first-start >> /tmp/order; sleep 6; echo first-end >> /tmp/order
                """);
        Path second = book("second.yml", """
                    - shell: echo second >> /tmp/order
                """);
        CompletableFuture<Bollard.Run> a = CompletableFuture.supplyAsync(() -> {
            try {
                return run(first);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !target.get().exec("grep -q first-start /tmp/order").ok()) Thread.sleep(100);

        long start = System.currentTimeMillis();
        Bollard.Run refused = run(second, "--lock-wait", "1");
        long took = System.currentTimeMillis() - start;
        assertEquals(3, refused.code(), refused.toString());
        ProcessHandle me = ProcessHandle.current();
        String line = refused.out().lines().filter(l -> l.startsWith("unreachable: [t1]")).findFirst().orElseThrow();
        assertTrue(line.matches("unreachable: \\[t1] t1 is locked by another Bollard run \\(" + System.getProperty("user.name") + "@\\S+, pid "
                + me.pid() + ", started \\S+, playbook " + first.toAbsolutePath().toString().replace("\\", "\\\\").replace(".", "\\.")
                + "\\); waited 1 s \\(--lock-wait\\); if that run is gone, .* kill \\d+ \\(on t1\\)"), line);
        assertEquals("first-start\n", target.get().exec("cat /tmp/order").out(), "the refused run changed nothing");

        Bollard.Run waited = run(second, "--lock-wait", "60");
        assertEquals(0, waited.code(), waited.toString());
        assertEquals(0, a.get(60, TimeUnit.SECONDS).code());
        assertEquals("first-start\nfirst-end\nsecond\n", target.get().exec("cat /tmp/order").out(), "one run after the other, never interleaved");
        FaultRecord.write("two runs on one host at once (--lock-wait 1)", line, refused.code(), "the refused run changed nothing",
                "with --lock-wait 60: ran after the first, writes never interleaved", took);
    }

    @Test
    void aLockLeftByAGoneRunOfThisMachineIsTakenOverWithAWarning() throws Exception {
        String here = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        fakeHolder("by=ops@" + here + " pid=" + p.pid() + " started=2024-05-01T10:00:00Z token=0a1b holder=$$ playbook=/srv/old.yml");
        Bollard.Run run = run(book("site.yml", "    - copy:\n        dest: /etc/taken-over\n        content: yes\n"), "--lock-wait", "0");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("WARNING: t1: took over the host lock left by ops@" + here + ", pid " + p.pid()
                + ", started 2024-05-01T10:00:00Z, playbook /srv/old.yml: that process no longer runs on this machine"), run.err());
        assertEquals("", holderPid(), "the gone run's holder was ended");
        FaultRecord.write("a lock left by a gone run of this machine", FaultRecord.line(run.err(), "WARNING"), run.code(),
                "the gone run's holder ended", "- (the run itself converged)", 0);
    }

    @Test
    void aLockOfAnotherMachineIsLeftAloneAndCheckModeNeedsNone() throws Exception {
        fakeHolder("by=ops@elsewhere pid=4242 started=2024-05-01T10:00:00Z token=0a1b holder=$$ playbook=/srv/site.yml");
        String holder = holderPid();
        Path book = book("site.yml", "    - copy:\n        dest: /etc/never\n        content: x\n");
        Bollard.Run refused = run(book, "--lock-wait", "0");
        assertEquals(3, refused.code(), refused.toString());
        assertTrue(refused.out().contains("unreachable: [t1] t1 is locked by another Bollard run (ops@elsewhere, pid 4242, started "
                + "2024-05-01T10:00:00Z, playbook /srv/site.yml); waited 0 s (--lock-wait); if that run is gone, its connection is still open"
                + " on t1: the lock is freed when sshd drops it, or at once with: kill " + holder + " (on t1)"), refused.out());
        assertFalse(target.get().exec("test -e /etc/never").ok());
        assertEquals(holder, holderPid(), "another machine's run is not ours to end");
        FaultRecord.write("a lock held by another machine's run", FaultRecord.line(refused.out(), "unreachable: [t1]"), refused.code(),
                "untouched; the holder left alone", "-", 0);

        Bollard.Run check = run(book, "--check", "--lock-wait", "0");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().contains("would change: [t1] create /etc/never"), check.out());
        Bollard.Run verify = Bollard.run("verify", book.toString(), "-i", Bollard.inventory(dir, "deploy", target.get()).toString(),
                "--host-key-policy", "off");
        assertTrue(verify.out().contains("/etc/never"), "verify ran its checks: " + verify);
    }

    @Test
    void twoNamesOfOneHostInOneRunShareItsLock() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_become: true\n  hosts:\n" + target.get().inventoryEntry("web", "deploy")
                + target.get().inventoryEntry("db", "deploy"));
        Path book = book("site.yml", "    - shell: echo {{ inventory_hostname }} >> /tmp/order\n");
        // with no wait at all, one name waiting for the other would leave it out
        Bollard.Run run = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "--lock-wait", "0");
        assertEquals(0, run.code(), run.toString());
        assertEquals("db\nweb\n", target.get().exec("sort /tmp/order").out());
    }

    @Test
    void loginsAsDifferentUsersShareOneLock() throws Exception {
        target.get().exec("rm -rf /var/lock/bollard");
        Path book = dir.resolve("who.yml");
        Files.writeString(book, "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id -un\n      changed_when: false\n");
        Path plain = dir.resolve("plain.yml");
        Files.writeString(plain, "all:\n  hosts:\n" + target.get().inventoryEntry("t1", "deploy"));
        Bollard.Run asDeploy = Bollard.run(book.toString(), "-i", plain.toString(), "--host-key-policy", "off");
        assertEquals(0, asDeploy.code(), asDeploy.toString());
        assertFalse(asDeploy.err().contains("WARNING"), asDeploy.err());
        assertEquals("deploy 777\n", target.get().exec("stat -c '%U %a' /var/lock/bollard").out(), "made by the login user, open to every login");
        assertTrue(target.get().exec("cat /var/lock/bollard/holder").out().startsWith("by="), "the holder line was written");

        Path sudoer = Bollard.inventory(dir, "alice", "    ansible_become_password: " + SshTarget.ALICE_PASSWORD + "\n", target.get());
        Bollard.Run asAlice = Bollard.run(book.toString(), "-i", sudoer.toString(), "--host-key-policy", "off", "--lock-wait", "5");
        assertEquals(0, asAlice.code(), asAlice.toString());
        assertFalse(asAlice.err().contains("WARNING"), asAlice.err());
        assertTrue(asAlice.out().contains("ok: [t1]"), asAlice.out());
    }
}
