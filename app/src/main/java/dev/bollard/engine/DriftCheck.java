package dev.bollard.engine;

import dev.bollard.journal.FileRecord;
import dev.bollard.journal.JournalEntry;
import dev.bollard.journal.TaskRecord;
import dev.bollard.report.Drift;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verify's drift on one host: the tasks and loop items that do not hold now and held at the
 * last verify or converged apply of the same playbook there (its journal entry, read as this
 * verify's entry was written). A file that is as that run left it while the playbook now wants
 * other content is a changed playbook, not drift.
 */
final class DriftCheck {
    /** Modules whose wanted content does not depend on the file's own: copy and template. */
    private static final java.util.Set<String> WHOLE_FILE = java.util.Set.of("copy", "template", "ansible.builtin.copy",
            "ansible.builtin.template");

    private DriftCheck() {
    }

    static List<Drift> of(HostRun h) {
        JournalEntry base = h.baseline;
        if (base == null || base == HostRun.NO_BASELINE) return List.of();
        Map<String, TaskRecord> then = new HashMap<>();
        for (TaskRecord t : base.tasks()) then.putIfAbsent(t.key(), t);
        List<TaskRecord> mine;
        synchronized (h.journal) {
            mine = List.copyOf(h.journal);
        }
        List<Drift> out = new ArrayList<>();
        for (TaskRecord t : mine) {
            TaskResult r = h.notHolding.get(t.key());
            TaskRecord before = then.get(t.key());
            if (r == null || before == null || !before.held()) continue;
            List<String> notes = new ArrayList<>();
            // a plan that wants a change: its files tell a host that drifted from a playbook that changed
            boolean byPlan = r.msg() != null && r.msg().startsWith(ModuleStep.DRIFT);
            boolean wholeFile = WHOLE_FILE.contains(t.module());
            int asLeft = 0;
            int files = 0;
            for (FileRecord f : r.files()) {
                if (!FileRecord.WANTED.equals(f.change())) continue;
                files++;
                String was = before.wants().get(f.path());
                String wantedNow = f.after() == null ? null : f.after().sha256();
                String isNow = f.before() == null ? null : f.before().sha256();
                if (was == null) continue;
                if (was.equals(isNow)) {
                    asLeft++;
                    notes.add(f.path() + " is as it was at " + base.kind() + " " + base.id() + ": the playbook now wants other content");
                } else if (wholeFile && wantedNow != null && !was.equals(wantedNow)) {
                    // an edit (lineinfile...) wants a content made from the file's own: only a whole file's is comparable
                    notes.add(f.path() + ": the playbook now wants other content than at " + base.kind() + " " + base.id()
                            + "; the diff is against what it wants now");
                }
            }
            if (byPlan && files > 0 && asLeft == files) continue;
            out.add(new Drift(r.task(), r.item(), r.location(), base.id().value(), base.kind(), base.time(), r.msg(), r.diffs(), notes));
        }
        return out;
    }
}
