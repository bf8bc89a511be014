package dev.bollard.engine;

import dev.bollard.journal.FileRecord;
import dev.bollard.journal.HostJournal;
import dev.bollard.journal.JournalCodec;
import dev.bollard.journal.JournalEntry;
import dev.bollard.journal.JournalException;
import dev.bollard.journal.Redactor;
import dev.bollard.journal.Retention;
import dev.bollard.journal.RunId;
import dev.bollard.journal.TaskRecord;
import dev.bollard.playbook.Task;
import dev.bollard.spi.ConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The journal of an applying run: what every task did on every host, kept in memory while the
 * run goes and written to each host it reached at the end, in one round trip per host.
 */
public final class RunJournal {
    /** What every entry of the run says of the run itself. */
    public record Header(RunId id, Instant time, String playbook, String control, String version) {
    }

    private final Header header;
    private final Retention retention;
    private final Redactor redactor;
    /** Whether this is a verify's journal: a record of what held, read back by the next verify for drift. */
    private final boolean verify;

    public RunJournal(Header header, Retention retention, Redactor redactor) {
        this(header, retention, redactor, false);
    }

    private RunJournal(Header header, Retention retention, Redactor redactor, boolean verify) {
        this.header = header;
        this.retention = retention;
        this.redactor = redactor;
        this.verify = verify;
    }

    /** The same journal for a verify run: each task's status and the checksums it wants, nothing it did. */
    RunJournal forVerify() {
        return new RunJournal(header, retention, redactor, true);
    }

    public RunId id() {
        return header.id();
    }

    /** Notes a task's result on its host: one record per loop item; a {@code no_log} task only by name and status. */
    void record(HostRun h, Task task, TaskResult r) {
        h.journal.addAll(verify ? slim(records(task, r)) : records(task, r));
        if (verify && !task.noLog()) h.verified(r);
    }

    /** A verify's records: status, why a failure failed, and what the task wants; no steps, no file states. */
    private static List<TaskRecord> slim(List<TaskRecord> full) {
        return full.stream().map(t -> new TaskRecord(t.task(), t.item(), t.module(), t.status(), t.ignored(),
                "failed".equals(t.status()) || t.hidden() ? t.summary() : null, List.of(), List.of(), t.delegatedTo(), t.hidden(),
                t.location(), t.wants())).toList();
    }

    static List<TaskRecord> records(Task task, TaskResult r) {
        if (task.noLog()) {
            return List.of(new TaskRecord(r.task(), null, task.module(), status(r), r.ignored(), TaskRecord.HIDDEN, List.of(), List.of(),
                    r.delegatedTo(), true, r.location()));
        }
        if (r.items().isEmpty()) return List.of(record(task, r, r.task()));
        List<TaskRecord> out = new ArrayList<>();
        for (TaskResult i : r.items()) out.add(record(task, i, r.task()));
        return out;
    }

    /** A change or a failure keeps its summary, steps and paths; what held keeps its status alone. */
    private static TaskRecord record(Task task, TaskResult r, String name) {
        boolean tells = r.status() == Status.CHANGED || r.status() == Status.FAILED;
        Map<String, String> wants = new java.util.LinkedHashMap<>();
        for (FileRecord f : r.files()) {
            if (f.after() != null && f.after().sha256() != null && f.after().isFile()) wants.put(f.path(), f.after().sha256());
        }
        return new TaskRecord(name, r.item(), task.module(), status(r), r.ignored(), tells ? r.msg() : null,
                tells ? r.steps() : List.of(), r.files().stream().filter(FileRecord::changed).toList(), r.delegatedTo(), false, r.location(),
                wants);
    }

    private static String status(TaskResult r) {
        return r.status().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes each reached host's entry, {@code forks} at a time; a host that cannot take its entry
     * is named in a warning (the run's outcome stands).
     */
    void writeAll(Collection<HostRun> hosts, ExecutorService pool, Map<String, Object> extraVars, Consumer<String> warn) {
        List<Future<?>> writes = new ArrayList<>();
        for (HostRun h : hosts) {
            if (h.state == null || h.unreachable) continue;
            writes.add(pool.submit(() -> write(h, extraVars, warn)));
        }
        for (Future<?> f : writes) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                warn.accept("run journal: internal error: " + e.getCause());
            }
        }
    }

    private void write(HostRun h, Map<String, Object> extraVars, Consumer<String> warn) {
        JournalEntry e;
        synchronized (h.journal) {
            // a verify, or an apply after which everything held, is what the next verify of the playbook compares with
            e = entry(h, h.journal, verify || h.failures == 0);
        }
        byte[] json = JournalCodec.write(e, redactor);
        // the host's last batch wrote this very entry already (its prediction of the tasks' results held)
        if (!verify && java.util.Arrays.equals(json, h.journalAhead)) return;
        try {
            synchronized (h.lock) {
                HostJournal.Written w = on(h, extraVars).write(e, json, retention, header.time(), verify ? e.baseline() : null);
                if (verify) h.baseline = w.baseline() == null ? HostRun.NO_BASELINE : w.baseline();
            }
        } catch (JournalException x) {
            warn.accept(x.getMessage() + aheadLeft(h));
        } catch (ConnectionException x) {
            warn.accept("cannot write the run journal on " + h.name() + ": " + x.getMessage() + aheadLeft(h));
        }
    }

    /** A failed write leaves the entry the last batch wrote ahead: it tells what that batch expected, not what happened. */
    private static String aheadLeft(HostRun h) {
        return h.journalAhead == null ? "" : "; the entry there is the one written with the last batch, before its tasks' results were known:"
                + " `bollard history` may show them other than this run's output";
    }

    private JournalEntry entry(HostRun h, List<TaskRecord> tasks, boolean baseline) {
        return new JournalEntry(header.id(), header.time(), verify ? JournalEntry.VERIFY : JournalEntry.APPLY, header.playbook(),
                header.control(), header.version(), h.name(), null, tasks,
                baseline && header.playbook() != null ? JournalEntry.baselineKey(header.playbook()) : null);
    }

    /** The host's journal folder, written as root when a task of the run became root there, else as the login user. */
    private HostJournal on(HostRun h, Map<String, Object> extraVars) {
        Object dir = extraVars.containsKey(HostJournal.DIR_VARIABLE) ? extraVars.get(HostJournal.DIR_VARIABLE) : h.host.vars().get(HostJournal.DIR_VARIABLE);
        dev.bollard.inventory.ConnectionSettings c = h.host.connection();
        return new HostJournal(h.state, h.rootBecome, dir == null ? null : String.valueOf(dir),
                HostJournal.isRoot(c.local() ? System.getProperty("user.name") : c.user()));
    }

    /** The entry an applying run's last batch on a host writes as its last step: the bytes, and the step that writes them. */
    record Ahead(byte[] json, dev.bollard.spi.StepBatch.Deferred step) {
    }

    /**
     * The entry the host's journal gets if the tasks of its last batch end as {@code predicted} (each
     * task's results, in order) and nothing runs after them; null in verify, whose entries read the
     * baseline back. Its write is sent as the batch's last step, as the user the journal is written
     * as; {@link #writeAll} writes the entry again unless that step succeeded and the entry came out
     * exactly so.
     */
    Ahead ahead(HostRun h, List<Task> tasks, List<TaskResult> predicted, Map<String, Object> extraVars) {
        if (verify) return null;
        List<TaskRecord> all;
        synchronized (h.journal) {
            all = new ArrayList<>(h.journal);
        }
        boolean failing = false;
        for (int i = 0; i < tasks.size(); i++) {
            all.addAll(records(tasks.get(i), predicted.get(i)));
            failing |= predicted.get(i).failed() && !predicted.get(i).ignored();
        }
        JournalEntry e = entry(h, all, h.failures == 0 && !failing);
        byte[] json = JournalCodec.write(e, redactor);
        HostJournal.Writing w = on(h, extraVars).writing(e, json, retention, header.time(), null);
        return new Ahead(json, new dev.bollard.spi.StepBatch.Deferred(w.script(), w.stdin()));
    }
}
