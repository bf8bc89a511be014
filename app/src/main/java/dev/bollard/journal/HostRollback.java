package dev.bollard.journal;

import dev.bollard.spi.Become;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.WriteFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the paths of a {@link RollbackPlan} back on one host: each only while it still is as the
 * run left it, then reads them all again to prove each holds its earlier state. The current
 * states are read in one round trip, and so are the final ones; each restore is one more.
 */
public final class HostRollback {
    public static final String RESTORED = "restored";
    public static final String WOULD = "would restore";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    /**
     * What happened to one path. {@code diff}: from the path as it is to as it will be (with --diff);
     * {@code record}: the change as this rollback's own journal entry keeps it (null unless restored).
     */
    public record Outcome(RollbackPlan.Restore restore, String status, String detail, String diff, FileRecord record) {
        public boolean refused() {
            return REFUSED.equals(status);
        }

        public boolean failed() {
            return FAILED.equals(status);
        }
    }

    private final HostState state;
    private final Become become;

    public HostRollback(HostState state, Become become) {
        this.state = state;
        this.become = become;
    }

    public List<Outcome> run(RollbackPlan plan, boolean check, boolean diff) throws ConnectionException {
        List<RollbackPlan.Restore> todo = new ArrayList<>(plan.restores());
        // a directory is made before what goes in it, and removed after what it held
        todo.sort(java.util.Comparator.comparingInt((RollbackPlan.Restore r) -> RollbackPlan.Restore.REMOVE.equals(r.action()) ? 1 : 0)
                .thenComparingInt(r -> RollbackPlan.Restore.REMOVE.equals(r.action()) ? -r.depth() : r.depth()));
        List<Outcome> out = new ArrayList<>();
        try {
            state.prefetch(todo.stream().map(r -> Probe.read(r.path())).toList(), become);
            List<RollbackPlan.Restore> done = new ArrayList<>();
            List<PathState> was = new ArrayList<>();
            for (RollbackPlan.Restore r : todo) {
                PathState now = current(r.path(), true);
                String changed = r.left().differenceFrom(now);
                if (changed != null) {
                    out.add(new Outcome(r, REFUSED, "changed since the run: " + changed, null, null));
                    continue;
                }
                String shown = diff ? diff(r, now) : null;
                if (check) {
                    out.add(new Outcome(r, WOULD, describe(r), shown, null));
                    continue;
                }
                String problem = restore(r, now);
                if (problem != null) {
                    out.add(new Outcome(r, FAILED, problem, shown, null));
                    continue;
                }
                done.add(r);
                was.add(now);
                out.add(new Outcome(r, RESTORED, describe(r), shown, null));
            }
            if (!done.isEmpty()) prove(done, was, out);
        } catch (ModuleFailure e) {
            out.add(new Outcome(null, FAILED, e.getMessage(), null, null));
        }
        // told in the order the run made the changes
        out.sort(java.util.Comparator.comparingInt(o -> o.restore() == null ? -1 : plan.restores().indexOf(o.restore())));
        return out;
    }

    /** Reads every restored path again (one round trip) and checks it holds its earlier state. */
    private void prove(List<RollbackPlan.Restore> done, List<PathState> was, List<Outcome> out) throws ConnectionException, ModuleFailure {
        state.forget();
        state.prefetch(done.stream().map(r -> Probe.read(r.path())).toList(), become);
        for (int i = 0; i < done.size(); i++) {
            RollbackPlan.Restore r = done.get(i);
            PathState now = current(r.path(), false);
            String off = r.back().withoutContent(null).differenceFrom(now);
            int at = indexOf(out, r);
            Outcome o = out.get(at);
            PathState before = was.get(i);
            // rmdir removes only an empty directory: a rollback of this rollback may make it again
            if (RollbackPlan.Restore.REMOVE.equals(r.action()) && PathState.DIRECTORY.equals(before.state())) before = before.emptyDirectory();
            FileRecord record = new FileRecord(r.path(), FileRecord.kind(before, now, RollbackPlan.Restore.WRITE.equals(r.action())), before,
                    now.withoutContent(null));
            out.set(at, off == null ? new Outcome(r, o.status(), o.detail(), o.diff(), record)
                    : new Outcome(r, FAILED, "postcondition does not hold after the rollback: " + off.replace("the run left", "wanted"), o.diff(), record));
        }
    }

    private static int indexOf(List<Outcome> out, RollbackPlan.Restore r) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).restore() == r) return i;
        }
        throw new IllegalStateException("no outcome for " + r.path());
    }

    private PathState current(String path, boolean keep) throws ConnectionException, ModuleFailure {
        Optional<RemoteFile> f = state.read(path, become);
        return PathState.of(f, keep);
    }

    /** Puts one path back; the reason when that failed, else null. */
    private String restore(RollbackPlan.Restore r, PathState now) throws ConnectionException {
        String p = Shell.quote(r.path());
        try {
            switch (r.action()) {
                case RollbackPlan.Restore.WRITE -> {
                    PathState b = r.back();
                    new WriteFile(r.path(), b.content(), b.mode(), b.owner(), b.group(), null, false)
                            .apply(new TaskContext(state, become, false, null));
                    return null;
                }
                case RollbackPlan.Restore.DIRECTORY -> {
                    PathState b = r.back();
                    String cmd = "mkdir -m " + Shell.quote(b.mode() == null ? "0755" : b.mode()) + " -- " + p
                            + (b.owner() == null ? "" : " && chown " + Shell.quote(b.owner()) + " -- " + p)
                            + (b.group() == null ? "" : " && chgrp " + Shell.quote(b.group()) + " -- " + p);
                    ExecResult res = state.exec(cmd, null, become);
                    return res.ok() ? null : "cannot make the directory again: " + res.firstErrorLine();
                }
                case RollbackPlan.Restore.REMOVE -> {
                    String cmd = PathState.DIRECTORY.equals(now.state()) ? "rmdir -- " + p : "rm -f -- " + p;
                    ExecResult res = state.exec(cmd, null, become);
                    if (res.ok()) return null;
                    return PathState.DIRECTORY.equals(now.state()) && res.stderr().contains("not empty")
                            ? "the directory holds files the run did not create; left in place" : "cannot remove it: " + res.firstErrorLine();
                }
                default -> {
                    List<String> cmds = new ArrayList<>();
                    PathState b = r.back();
                    if (b.mode() != null && !b.mode().equals(now.mode())) cmds.add("chmod " + Shell.quote(b.mode()) + " -- " + p);
                    if (b.owner() != null && !b.owner().equals(now.owner())) cmds.add("chown " + Shell.quote(b.owner()) + " -- " + p);
                    if (b.group() != null && !b.group().equals(now.group())) cmds.add("chgrp " + Shell.quote(b.group()) + " -- " + p);
                    if (cmds.isEmpty()) return null;
                    ExecResult res = state.exec(String.join(" && ", cmds), null, become);
                    return res.ok() ? null : "cannot set its attributes back: " + res.firstErrorLine();
                }
            }
        } catch (ModuleFailure e) {
            return e.getMessage();
        } finally {
            state.forget(r.path());
        }
    }

    /** For people: what the restore does. */
    static String describe(RollbackPlan.Restore r) {
        PathState b = r.back();
        return switch (r.action()) {
            case RollbackPlan.Restore.REMOVE -> "the run created it";
            case RollbackPlan.Restore.DIRECTORY -> "the run removed it (empty): made again, mode " + b.mode() + ", " + b.owner() + ":" + b.group();
            case RollbackPlan.Restore.WRITE -> "earlier content (" + b.size() + " bytes), mode " + b.mode() + ", " + b.owner() + ":" + b.group();
            default -> "earlier attributes: mode " + b.mode() + ", " + b.owner() + ":" + b.group();
        };
    }

    private static String diff(RollbackPlan.Restore r, PathState now) {
        StringBuilder out = new StringBuilder();
        if (RollbackPlan.Restore.DIRECTORY.equals(r.action())) return new Diff(r.path(), null, r.back().describe() + "\n").unified();
        if (!RollbackPlan.Restore.ATTRIBUTES.equals(r.action())) {
            byte[] after = RollbackPlan.Restore.REMOVE.equals(r.action()) ? null : r.back().content();
            out.append(new Diff(r.path(), text(now), after == null ? null : text(after)).unified());
        }
        if (!RollbackPlan.Restore.REMOVE.equals(r.action())) {
            PathState b = r.back();
            if (b.mode() != null && !b.mode().equals(now.mode())) out.append(Diff.property(r.path(), "mode", now.mode(), b.mode()).unified());
            if (b.owner() != null && !b.owner().equals(now.owner())) out.append(Diff.property(r.path(), "owner", now.owner(), b.owner()).unified());
            if (b.group() != null && !b.group().equals(now.group())) out.append(Diff.property(r.path(), "group", now.group(), b.group()).unified());
        }
        return out.toString();
    }

    private static String text(PathState s) {
        if (s.absent()) return null;
        if (!s.isFile()) return s.describe() + "\n";
        return s.content() == null ? "(content not read)\n" : text(s.content());
    }

    private static String text(byte[] b) {
        return PathState.isText(b) ? new String(b, StandardCharsets.UTF_8) : "binary content, sha256 " + PathState.sha256(b) + "\n";
    }
}
