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
            int unchangedFiles = 0;
            int files = 0;
            for (FileRecord f : r.files()) {
                if (!FileRecord.WANTED.equals(f.change())) continue;
                files++;
                String was = before.wants().get(f.path());
                String wantedNow = f.after() == null ? null : f.after().sha256();
                String isNow = f.before() == null ? null : f.before().sha256();
                if (was == null) continue;
                if (was.equals(isNow)) {
                    unchangedFiles++;
                    notes.add(f.path() + " is as " + base.kind() + " " + base.id() + " left it: the playbook now wants other content");
                } else if (wantedNow != null && !was.equals(wantedNow)) {
                    notes.add(f.path() + ": the playbook now wants other content than at " + base.kind() + " " + base.id()
                            + "; the diff is against what it wants now");
                }
            }
            if (files > 0 && unchangedFiles == files) continue;
            out.add(new Drift(r.task(), r.item(), r.location(), base.id().value(), base.kind(), base.time(), r.msg(), r.diffs(), notes));
        }
        return out;
    }
}
