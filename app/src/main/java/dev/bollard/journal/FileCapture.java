package dev.bollard.journal;

import dev.bollard.spi.HostState;
import dev.bollard.spi.PathStep;
import dev.bollard.spi.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths a planned change is about to change, as its plan read them, then as the run left
 * them. Nothing is read for the journal: the states come from what the host already answered
 * (the plan's reads before, the postcondition's re-read after). A path the plan did not read is
 * recorded as not known, and cannot be restored.
 */
public final class FileCapture {
    private final List<PathStep> steps = new ArrayList<>();
    private final List<PathState> before = new ArrayList<>();

    private FileCapture() {
    }

    /** Takes the earlier state of every path {@code steps} change; call before the first step runs. */
    public static FileCapture before(List<Step> steps, HostState state) {
        FileCapture c = new FileCapture();
        for (Step s : steps) {
            if (s instanceof PathStep p) {
                c.steps.add(p);
                c.before.add(state.wasRead(p.path()) ? PathState.of(state.known(p.path()), true) : null);
            }
        }
        return c;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * The records of the first {@code done} path steps (those that ran), with each path as the
     * host now shows it where it was read again since, else as the step says it wrote it.
     */
    public List<FileRecord> after(HostState state, int done) {
        List<FileRecord> out = new ArrayList<>();
        for (int i = 0; i < Math.min(done, steps.size()); i++) {
            PathStep s = steps.get(i);
            PathState was = before.get(i);
            PathState now = state.wasRead(s.path()) ? PathState.of(state.known(s.path()), false) : null;
            byte[] written = s.written();
            if (written != null) {
                String sha = PathState.sha256(written);
                now = now == null ? new PathState(PathState.FILE, null, null, null, (long) written.length, sha, null, null, null)
                        : now.isFile() ? new PathState(PathState.FILE, now.mode(), now.owner(), now.group(), (long) written.length, sha, null, null, null)
                        : now;
            } else if (now != null && now.isFile() && now.sha256() == null && was != null && was.isFile()) {
                // attributes only: the content is what it was
                now = now.withSha256(was.sha256());
            }
            if (now != null) now = now.withoutContent(null);
            out.add(new FileRecord(s.path(), FileRecord.kind(was, now, written != null), was, now));
        }
        return out;
    }

    /** How many of {@code steps}' first {@code ran} steps are path steps. */
    public static int pathSteps(List<Step> steps, int ran) {
        int n = 0;
        for (int i = 0; i < Math.min(ran, steps.size()); i++) {
            if (steps.get(i) instanceof PathStep) n++;
        }
        return n;
    }
}
