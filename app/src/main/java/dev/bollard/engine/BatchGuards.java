package dev.bollard.engine;

import dev.bollard.journal.PathState;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shell tests that what a task's plan relied on still holds when its turn in a batch comes: each
 * path it read or looked at is still of the same kind (a file still has the same content), each
 * query still answers the same. A task planned after a step that may change more than it predicts
 * carries them (see {@link BatchRun}). Mode and owner are not compared: the postcondition read
 * after the batch proves those.
 */
final class BatchGuards {
    private BatchGuards() {
    }

    static List<String> of(TaskRunner.PlannedTask p) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TaskRunner.Unit u : p.units()) {
            for (HostState.Consumed c : u.consumed()) {
                // the first answer counts: a later item's may be what an earlier item of the same task leaves
                if (!seen.add(c.probe().target())) continue;
                out.add(c.file() != null ? path(c.probe().target(), c.file()) : query(c.probe().target(), c.answer()));
            }
            if (u.planned() != null) u.planned().steps().forEach(s -> {
                if (s instanceof dev.bollard.spi.PathStep ps) seen.add(ps.path());
            });
        }
        return out;
    }

    static String path(String path, Optional<RemoteFile> seen) {
        String p = Shell.quote(path);
        if (seen.isEmpty()) return "! [ -e " + p + " ] && ! [ -L " + p + " ]";
        RemoteFile f = seen.get();
        return switch (f.type()) {
            case LINK -> "[ -L " + p + " ]";
            case DIRECTORY -> "[ -d " + p + " ] && ! [ -L " + p + " ]";
            case FILE -> "[ -f " + p + " ] && ! [ -L " + p + " ]"
                    + (f.hasContent() ? " && set -- $(sha256sum < " + p + ") && [ \"$1\" = " + PathState.sha256(f.content()) + " ]" : "");
            case OTHER -> "[ -e " + p + " ]";
        };
    }

    /** The query's output and exit code hash the same as when the plan read them. */
    static String query(String script, ExecResult answer) {
        byte[] out = answer.out();
        byte[] rc = (answer.rc() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[out.length + rc.length];
        System.arraycopy(out, 0, all, 0, out.length);
        System.arraycopy(rc, 0, all, out.length, rc.length);
        return "set -- $( { ( " + script + "\n) </dev/null 2>/dev/null; echo \"$?\"; } | sha256sum ) && [ \"$1\" = " + PathState.sha256(all) + " ]";
    }
}
