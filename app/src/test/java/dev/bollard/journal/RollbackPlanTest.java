package dev.bollard.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What undoing a run means, from its journal entry: what goes back, from which state, and what is left with the reason. */
class RollbackPlanTest {
    private static PathState file(String text, String mode) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new PathState(PathState.FILE, mode, "root", "root", (long) b.length, PathState.sha256(b), null, b, null);
    }

    private static PathState left(String text, String mode) {
        return file(text, mode).withoutContent(null);
    }

    private static TaskRecord task(String name, String module, FileRecord... files) {
        return new TaskRecord(name, null, module, "changed", false, name + " done", List.of(), List.of(files), null, false);
    }

    private static RollbackPlan plan(TaskRecord... tasks) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return RollbackPlan.of(new JournalEntry(RunId.at(t), t, JournalEntry.APPLY, "/p.yml", "u@c", "0.1.0", "h", null, List.of(tasks)));
    }

    @Test
    void aPathChangedTwiceGoesBackToItsFirstStateGuardedByItsLast() {
        RollbackPlan p = plan(
                task("one line", "lineinfile", new FileRecord("/etc/a", FileRecord.CONTENT, file("a\n", "0644"), left("a\nb\n", "0644"))),
                task("another", "lineinfile", new FileRecord("/etc/a", FileRecord.CONTENT, file("a\nb\n", "0644"), left("a\nb\nc\n", "0640"))));
        assertEquals(1, p.restores().size());
        RollbackPlan.Restore r = p.restores().get(0);
        assertEquals(RollbackPlan.Restore.WRITE, r.action());
        assertEquals("a\n", new String(r.back().content(), StandardCharsets.UTF_8));
        assertEquals(left("a\nb\nc\n", "0640"), r.left());
        assertEquals("one line", r.task());
        assertEquals(List.of(), p.left());
    }

    @Test
    void aCreatedFileIsRemovedAndAnAttributeChangeSetBack() {
        RollbackPlan p = plan(task("new", "copy", new FileRecord("/etc/new", FileRecord.CREATED, PathState.NOTHING, left("x\n", "0644"))),
                task("mode", "file", new FileRecord("/etc/b", FileRecord.ATTRIBUTES, left("b\n", "0600").withoutContent("its content was not read, only its checksum"),
                        left("b\n", "0644"))));
        assertEquals(List.of(RollbackPlan.Restore.REMOVE, RollbackPlan.Restore.ATTRIBUTES), p.restores().stream().map(RollbackPlan.Restore::action).toList());
    }

    @Test
    void aRemovedDirectoryIsMadeAgainOnlyWhenItWasEmpty() {
        PathState dir = new PathState(PathState.DIRECTORY, "0750", "root", "adm", null, null, null, null, null);
        RollbackPlan p = plan(task("rmdir", "rollback", new FileRecord("/etc/app/conf.d", FileRecord.REMOVED, dir.emptyDirectory(), PathState.NOTHING)),
                task("rm -rf", "file", new FileRecord("/srv/data", FileRecord.REMOVED, dir, PathState.NOTHING)));
        assertEquals(List.of(RollbackPlan.Restore.DIRECTORY), p.restores().stream().map(RollbackPlan.Restore::action).toList());
        assertEquals(List.of(new RollbackPlan.Left("/srv/data (rm -rf)", "a directory removed with what it held is not restored")), p.left());
    }

    @Test
    void whatCannotBeUndoneIsListedWithTheReason() {
        TaskRecord hidden = new TaskRecord("token", null, "copy", "changed", false, TaskRecord.HIDDEN, List.of(), List.of(), null, true);
        TaskRecord delegated = new TaskRecord("on the balancer", null, "copy", "changed", false, "update /etc/lb", List.of(),
                List.of(new FileRecord("/etc/lb", FileRecord.CONTENT, file("a", "0644"), left("b", "0644"))), "lb1", false);
        RollbackPlan p = plan(task("nginx", "apt"), task("tenant", "ansible.builtin.user"), hidden, delegated,
                task("big", "copy", new FileRecord("/srv/big", FileRecord.CONTENT, left("old", "0644").withoutContent("larger than 256 KiB"), left("new", "0644"))),
                task("sysctl", "sysctl", new FileRecord("/etc/sysctl.d/x.conf", FileRecord.CONTENT, file("a=1\n", "0644"), left("a=2\n", "0644"))),
                new TaskRecord("held", null, "copy", "ok", false, null, List.of(), List.of(), null, false));
        assertEquals(List.of(
                new RollbackPlan.Left("nginx: nginx done", "packages are not removed or changed back"),
                new RollbackPlan.Left("tenant: tenant done", "accounts are not removed or changed back"),
                new RollbackPlan.Left("token", "the task has no_log: the journal kept nothing of what it did"),
                new RollbackPlan.Left("on the balancer", "it ran on lb1 (delegate_to), not on this host"),
                new RollbackPlan.Left("sysctl: sysctl done", "only the files it wrote are put back; what else sysctl did is not undone"),
                new RollbackPlan.Left("/srv/big (big)", "its earlier content was not kept (larger than 256 KiB)")), p.left());
        assertEquals(List.of("/etc/sysctl.d/x.conf"), p.restores().stream().map(RollbackPlan.Restore::path).toList());
    }

    @Test
    void theRunLeftStateNamesWhatChangedSince() {
        PathState wrote = left("new\n", "0644");
        assertNull(wrote.differenceFrom(left("new\n", "0644")));
        assertEquals("its content changed (sha256 " + PathState.sha256("other\n".getBytes()).substring(0, 12) + "…, the run left "
                + wrote.sha256().substring(0, 12) + "…)", wrote.differenceFrom(left("other\n", "0644")));
        assertEquals("mode 0600, the run left 0644", wrote.differenceFrom(left("new\n", "0600")));
        assertEquals("it no longer exists", wrote.differenceFrom(PathState.NOTHING));
    }
}
