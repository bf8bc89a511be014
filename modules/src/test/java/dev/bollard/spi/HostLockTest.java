package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host lock on this machine (a local connection): one run at a time, a gone run's lock taken over. */
class HostLockTest {
    private final List<String> warnings = new ArrayList<>();
    private final List<HostState> opened = new ArrayList<>();
    private Process fake;

    @AfterEach
    void letGo() {
        opened.forEach(HostState::release);
        if (fake != null) fake.destroyForcibly();
    }

    private HostState host(LockHolder me, int waitSeconds) {
        HostState h = new HostState("here", new LocalConnection(), Duration.ofSeconds(30));
        h.lock(new HostLock("here", new HostLock.Settings(me, Duration.ofSeconds(waitSeconds), warnings::add), true));
        opened.add(h);
        return h;
    }

    @Test
    void aSecondRunWaitsThenLeavesTheHostNamingTheHolder() throws Exception {
        LockHolder first = LockHolder.of("/srv/first.yml");
        HostState a = host(first, 5);
        assertEquals("ok\n", a.exec("echo ok", null, null).stdout(), "the lock's own line is not part of the output");
        assertEquals("", a.exec("true", null, null).stderr());
        long start = System.nanoTime();
        HostLocked e = assertThrows(HostLocked.class, () -> host(LockHolder.of("/srv/second.yml"), 1).exec("echo second", null, null));
        assertTrue(System.nanoTime() - start >= 900_000_000L, "it waited");
        assertTrue(e.getMessage().startsWith("here is locked by another Bollard run (" + first.user() + "@" + first.controlHost() + ", pid "
                + first.pid() + ", started " + first.started() + ", playbook /srv/first.yml); waited 1 s (--lock-wait)"), e.getMessage());
        a.release();
        HostState b = host(LockHolder.of("/srv/third.yml"), 5);
        assertEquals("third\n", b.exec("echo third", null, null).stdout(), "free once the first run let go");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void anotherNameOfTheSameHostInTheSameRunDoesNotWait() throws Exception {
        LockHolder me = LockHolder.of("/srv/site.yml");
        host(me, 5).exec("true", null, null);
        long start = System.nanoTime();
        assertEquals("alias\n", host(me, 5).exec("echo alias", null, null).stdout());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void aLockLeftByAGoneProcessOfThisMachineIsTakenOverWithAWarning() throws Exception {
        LockHolder me = LockHolder.of("/srv/site.yml");
        long dead = deadPid();
        hold("by=old@" + me.controlHost() + " pid=" + dead + " started=2020-01-01T00:00:00Z token=0123 holder=$$ playbook=/srv/old.yml");
        assertEquals("mine\n", host(me, 5).exec("echo mine", null, null).stdout());
        assertEquals(List.of("here: took over the host lock left by old@" + me.controlHost() + ", pid " + dead
                + ", started 2020-01-01T00:00:00Z, playbook /srv/old.yml: that process no longer runs on this machine"), warnings);
        assertFalse(fake.isAlive(), "the old holder was ended");
    }

    @Test
    void aLockOfAnotherMachineIsNotTakenOver() throws Exception {
        hold("by=ops@elsewhere pid=1 started=2020-01-01T00:00:00Z token=0123 holder=$$ playbook=/srv/old.yml");
        HostLocked e = assertThrows(HostLocked.class, () -> host(LockHolder.of("/srv/site.yml"), 0).exec("true", null, null));
        assertTrue(e.getMessage().contains("(ops@elsewhere, pid 1, started 2020-01-01T00:00:00Z, playbook /srv/old.yml); waited 0 s"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; if that run is gone, free the lock with: kill " + fake.pid() + " (its holder on this machine)"),
                e.getMessage());
        assertTrue(fake.isAlive());
    }

    @Test
    void recordsReadBack() {
        LockHolder me = LockHolder.of("/srv/my site.yml");
        Optional<LockHolder> back = LockHolder.parse(me.head() + " holder=42 " + me.tail());
        assertEquals(Optional.of(new LockHolder(me.user(), me.controlHost(), me.pid(), me.started(), me.token(), 42, "/srv/my site.yml")), back);
        assertFalse(back.get().goneFrom(me), "this process runs");
        assertEquals(Optional.empty(), LockHolder.parse("something else"));
        assertTrue(new LockHolder("u", me.controlHost(), me.pid(), Instant.parse("2020-01-01T00:00:00Z"), "t", 1, "p").goneFrom(me),
                "the pid now belongs to a process that started later");
    }

    /** A process that holds the lock as a run's holder would, with {@code record} as its holder line ($$ is its pid). */
    private void hold(String record) throws Exception {
        fake = new ProcessBuilder("sh", "-c", "umask 0; mkdir -p " + LockScript.DIR + " && exec 9<" + LockScript.DIR + " && flock 9 && printf '%s\\n' \""
                + record + "\" > " + LockScript.DIR + "/holder && echo held && exec sleep 60").start();
        assertEquals('h', fake.getInputStream().read(), "the fake holder has the lock");
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
