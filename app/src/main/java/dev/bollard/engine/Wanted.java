package dev.bollard.engine;

import dev.bollard.journal.FileRecord;
import dev.bollard.journal.PathState;
import dev.bollard.spi.HostState;
import dev.bollard.spi.PathStep;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a task's plan compared, as the playbook wants them: what the journal keeps of a task
 * that changed nothing (or that verify found not holding), so a later verify can tell drift on the
 * host from a playbook that now wants something else. Only checksums, from what the plan already
 * read: no extra read.
 */
final class Wanted {
    private Wanted() {
    }

    /** A plan found nothing to change: each file it read with its content is as wanted. */
    static List<FileRecord> asTheyAre(List<String> compared, HostState state) {
        List<FileRecord> out = new ArrayList<>();
        for (String path : compared) {
            PathState now = now(path, state);
            if (now != null) out.add(new FileRecord(path, FileRecord.WANTED, now, now));
        }
        return out;
    }

    /** A plan would write files: each as it is now, and the checksum of what the plan would write. */
    static List<FileRecord> asPlanned(List<Step> steps, HostState state) {
        List<FileRecord> out = new ArrayList<>();
        for (Step s : steps) {
            if (!(s instanceof PathStep p) || p.written() == null) continue;
            byte[] w = p.written();
            PathState wanted = new PathState(PathState.FILE, null, null, null, (long) w.length, PathState.sha256(w), null, null, null);
            out.add(new FileRecord(p.path(), FileRecord.WANTED, now(p.path(), state), wanted));
        }
        return out;
    }

    /** A file whose content or checksum the host gave, by its checksum; null when neither is known. */
    private static PathState now(String path, HostState state) {
        if (!state.wasRead(path)) return null;
        Optional<RemoteFile> f = state.known(path);
        if (f.isEmpty() || !f.get().isFile()) return null;
        if (f.get().hasContent()) return PathState.of(f, false);
        String sum = state.knownChecksum(path);
        return sum == null ? null : new PathState(PathState.FILE, f.get().mode(), f.get().owner(), f.get().group(), f.get().size(), sum,
                null, null, null);
    }
}
