package dev.bollard.spi;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the engine keeps about one host for a run: its connection, the facts read so far,
 * and, in check mode, the state planned changes would leave behind (so a later plan reads
 * the predicted content of a file an earlier task would edit).
 */
public final class HostState {
    private final String name;
    private final Connection connection;
    private final Duration timeout;
    private final Map<String, Optional<RemoteFile>> files = new HashMap<>();
    /** The paths {@link #read} was asked for since {@link #takeReadLog}: the files a task's plan compared. */
    private final java.util.Set<String> readLog = new java.util.LinkedHashSet<>();
    /** Checksums the host gave, by path (guarded by {@link #readLog}). */
    private final Map<String, String> checksums = new HashMap<>();
    private final Map<String, Optional<RemoteFile>> predictedFiles = new HashMap<>();
    private final Map<Prediction.Key<?>, Predicted<?>> typedPredictions = new HashMap<>();
    private final Map<String, ExecResult> queries = new HashMap<>();
    private final Set<String> unanswered = new HashSet<>();
    private final Map<String, Boolean> sudoNeedsPassword = new HashMap<>();
    private final Map<String, String> refusals = new HashMap<>();
    private Trace trace;
    private HostLock lock;
    private String sideScript;
    private String sideOutput;
    private int roundTrips;
    private long roundTripNanos;
    /** While the engine records a planned step's commands (see {@link #record}): where they go instead of the host. */
    private List<StepBatch.Deferred> recording;
    /** While the engine replays a step against a batch's answers: the answers still to give, in order. */
    private java.util.ArrayDeque<ExecResult> replaying;
    /**
     * From a batch's answers until {@link #endBatchAnswers}: what was read shows the host as the batch
     * left it, and the postconditions proved on it may not drop it (they would read it all again).
     */
    private boolean batchAnswers;
    /** While a batch is sent: the trace shows its steps one by one instead of the script that carries them. */
    private boolean batchSending;
    /** While a batch runs on the host: the file whose presence stops it before its next task (Ctrl-C). */
    private volatile String batchStop;
    /** While a batch's task is planned: the reads served, what its plan relied on (for the guards); null otherwise. */
    private List<Consumed> consumed;

    public HostState(String name, Connection connection, Duration timeout) {
        this.name = name;
        this.connection = connection;
        this.timeout = timeout;
    }

    public String name() {
        return name;
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Runs a script, through sudo when {@code become} is set. A refusal by sudo is a failure; so is
     * a script that outlives the timeout, killed on the host with its whole process group.
     */
    public ExecResult exec(String script, byte[] stdin, Become become) throws ConnectionException, ModuleFailure {
        return exec(script, stdin, become, true);
    }

    /**
     * As {@link #exec(String, byte[], Become)}, for a script that writes a whole file and reads every
     * byte of its input, and no more, before it can succeed; {@code wholeFile} names the file and the
     * attributes it gives it, or is null when the write does more; {@code endsByItself}: it runs no
     * command that may hang (no validator), so it goes without the time limit, as reads do (see
     * {@link StepBatch.Deferred}).
     */
    public ExecResult execFileWrite(String script, byte[] stdin, Become become, String wholeFile, boolean endsByItself)
            throws ConnectionException, ModuleFailure {
        if (recording != null) {
            recording.add(new StepBatch.Deferred(script, stdin == null ? new byte[0] : stdin, stdin != null, wholeFile, endsByItself));
            return new ExecResult(0, new byte[0], "");
        }
        return exec(script, stdin, become, !endsByItself);
    }

    private ExecResult exec(String script, byte[] stdin, Become become, boolean limited) throws ConnectionException, ModuleFailure {
        if (recording != null) {
            recording.add(new StepBatch.Deferred(script, stdin == null ? new byte[0] : stdin));
            return new ExecResult(0, new byte[0], "");
        }
        if (replaying != null) {
            ExecResult r = replaying.poll();
            if (r == null) throw new Unanswered();
            if (TimeLimit.killed(r.rc())) {
                throw new CommandTimeout("command timed out after " + timeout.toSeconds() + " s on " + name
                        + " (--timeout); it was killed with every process it started");
            }
            return r;
        }
        ExecResult r = run(script, stdin, become, limited);
        // a plan that runs a command to look at the host relies on its answer as on a query's
        if (consumed != null) consumed.add(new Consumed(Probe.query(script), null, r));
        return r;
    }

    /** A step that reads the host while it applies cannot be recorded to run later in a batch. */
    public static final class NotDeferrable extends RuntimeException {
        public NotDeferrable(String what) {
            super(what);
        }
    }

    /** A replayed step whose command the batch never ran: the batch stopped before it. */
    public static final class Unanswered extends RuntimeException {
        Unanswered() {
            super("the batch stopped before this step", null, false, false);
        }
    }

    /** What a plan was told about a path (a stat or a read) or a query, as it was told. */
    public record Consumed(Probe probe, Optional<RemoteFile> file, ExecResult answer) {
    }

    /**
     * Runs {@code step} with its commands recorded instead of sent (each answered as a success) and
     * returns them. Reads and forgets are refused or ignored meanwhile: the step is planned, not run.
     */
    public List<StepBatch.Deferred> record(Step step, TaskContext ctx) throws ConnectionException, ModuleFailure {
        recording = new java.util.ArrayList<>();
        try {
            step.apply(ctx);
            return recording;
        } finally {
            recording = null;
        }
    }

    /** From now on each command a step sends is answered by the next of {@code answers}, until {@link #endReplay}. */
    public void replay(List<ExecResult> answers) {
        replaying = new java.util.ArrayDeque<>(answers);
    }

    public void endReplay() {
        replaying = null;
    }

    /** The tasks of a batch are finished: reads are dropped again after changes, as without batches. */
    public void endBatchAnswers() {
        batchAnswers = false;
    }

    private void notWhileRecording(String what) {
        if (recording != null) throw new NotDeferrable("the step reads the host (" + what + ") while it applies");
    }

    /** Keeps the reads served from now on, until {@link #takeConsumed}. */
    public void watchConsumed() {
        consumed = new java.util.ArrayList<>();
    }

    /** The reads served since {@link #watchConsumed}: what the plan in between relied on. */
    public List<Consumed> takeConsumed() {
        List<Consumed> out = consumed == null ? List.of() : List.copyOf(consumed);
        consumed = null;
        return out;
    }

    /**
     * Sends a batch of recorded steps and, after them, {@code tail} (reads answered into this state
     * whatever the steps did). Predictions and earlier answers are dropped first: from here on the host
     * is read as the batch left it.
     */
    public StepBatch.Outcome execBatch(StepBatch batch, List<Probe> tail, Become become) throws ConnectionException, ModuleFailure {
        List<Probe> reads = tail.stream().distinct().toList();
        ProbeBatch probes = new ProbeBatch(reads);
        Duration limit = timeout.multipliedBy(Math.max(1, batch.steps())).plusSeconds(10);
        String script = batch.script(timeout, probes.script());
        forget();
        clearPredictions();
        long start = System.nanoTime();
        String side = takeSideRead();
        ExecResult r;
        batchSending = true;
        batchStop = batch.stopFile();
        try {
            ScriptOnStdin.Fed wrapped = TimeLimit.wrap(script, limit);
            String sent = (side == null ? "" : SideRead.prefix(side)) + wrapped.line();
            HostLock pending = lock != null && lock.pending() ? lock : null;
            byte[] input = wrapped.before(batch.stdin());
            // the connection waits for the whole batch, each step under its own limit
            long longer = limit.minus(timeout).toSeconds();
            r = pending == null ? send(sent, input, become, true, longer) : pending.first(new HostLock.Sender() {
                @Override
                public ExecResult withLock(String lockScript) throws ConnectionException, ModuleFailure {
                    return send(lockScript + sent, input, become, true, longer + pending.waitSeconds());
                }

                @Override
                public ExecResult plain(String takeover) throws ConnectionException, ModuleFailure {
                    return send(takeover, new byte[0], become, false, 0);
                }
            });
            if (side != null) r = keepSideRead(r);
        } catch (ConnectionException e) {
            if (side != null) restoreSideRead(side);
            // which steps ran before the connection broke: their markers had arrived
            if (e.partialOutput() == null) throw e;
            return batch.split(new ExecResult(-1, e.partialOutput(), "")).lost(e);
        } catch (ModuleFailure | RuntimeException e) {
            if (side != null) restoreSideRead(side);
            throw e;
        } finally {
            batchSending = false;
            batchStop = null;
        }
        long took = System.nanoTime() - start;
        if (TimeLimit.killed(r.rc()) && took >= limit.toNanos() - 500_000_000L) {
            throw new CommandTimeout("a batch of " + batch.steps() + " steps timed out after " + limit.toSeconds() + " s on " + name);
        }
        StepBatch.Outcome o = batch.split(TimeLimit.clean(r));
        if (o.tail() != null) accept(reads, probes.split(o.tail()), become);
        batchAnswers = true;
        Trace t;
        synchronized (this) {
            t = trace;
        }
        if (t != null) {
            t.command(name, "(" + batch.steps() + " steps and " + reads.size() + " reads in one script)", r.rc(), took);
            List<StepBatch.Deferred> sentSteps = batch.deferred();
            for (int i = 0; i < sentSteps.size(); i++) {
                t.command(name, (batch.madeByLater(i) ? "(made by the next write of the same file) " : "") + sentSteps.get(i).script(),
                        i < o.results().size() ? o.results().get(i).rc() : Trace.NOT_REACHED, Trace.IN_BATCH);
            }
        }
        return o;
    }

    /**
     * Ctrl-C: a batch under way on the host stops before its next task (the step under way finishes).
     * Sent on a channel of its own beside the batch's.
     */
    public void stopBatch() {
        String f = batchStop;
        if (f == null) return;
        try {
            connection.exec(": > " + Shell.quote(f), new byte[0], Duration.ofSeconds(10));
        } catch (ConnectionException | RuntimeException e) {
            // the batch then runs to its end, as a single step under way does
        }
    }

    /** Drops what earlier tasks were predicted to leave behind (apply plans a batch on predictions). */
    public synchronized void clearPredictions() {
        predictedFiles.clear();
        typedPredictions.clear();
    }

    /**
     * Runs a short script that ends by itself (the run journal's write) without the host-side time
     * limit, which costs processes on the host; a script that hangs still ends at the connection's own wait.
     */
    public ExecResult execShort(String script, byte[] stdin, Become become) throws ConnectionException, ModuleFailure {
        notWhileRecording(script);
        return run(script, stdin, become, false);
    }

    /**
     * {@code limited}: under the host-side time limit, and with only the end of a long output kept.
     * Reads (queries, probes, file reads) go without it: they end by themselves, and the limit costs
     * processes on the host; a read that hangs still ends at the connection's own wait, with the
     * host reported unreachable. The run's first command to the host also takes its lock.
     */
    private ExecResult run(String script, byte[] stdin, Become become, boolean limited) throws ConnectionException, ModuleFailure {
        String side = takeSideRead();
        try {
            ExecResult r = run(side == null ? "" : SideRead.prefix(side), script, stdin, become, limited);
            return side == null ? r : keepSideRead(r);
        } catch (ConnectionException | ModuleFailure | RuntimeException e) {
            if (side != null) restoreSideRead(side);
            throw e;
        }
    }

    private ExecResult run(String before, String script, byte[] stdin, Become become, boolean limited) throws ConnectionException, ModuleFailure {
        byte[] given = stdin == null ? new byte[0] : stdin;
        ScriptOnStdin.Fed limit = limited ? TimeLimit.wrap(script, timeout) : null;
        String sent = before + (limited ? limit.line() : script);
        byte[] input = limited ? limit.before(given) : given;
        long start = System.nanoTime();
        HostLock pending = lock != null && lock.pending() ? lock : null;
        ExecResult r = pending == null ? send(sent, input, become, limited, 0) : pending.first(new HostLock.Sender() {
            @Override
            public ExecResult withLock(String lockScript) throws ConnectionException, ModuleFailure {
                return send(lockScript + sent, input, become, limited, pending.waitSeconds());
            }

            @Override
            public ExecResult plain(String takeover) throws ConnectionException, ModuleFailure {
                return send(takeover, new byte[0], become, false, 0);
            }
        });
        return limited ? checkTimeout(r, start) : r;
    }

    /** {@code extraWait}: seconds the host may spend before the command starts (waiting for the lock). */
    private ExecResult send(String sent, byte[] input, Become become, boolean limited, long extraWait)
            throws ConnectionException, ModuleFailure {
        if (become == null) return timed(sent, input, limited, extraWait);
        String refused = refusals.get(become.user());
        if (refused != null) throw new ModuleFailure(refused);
        boolean send = become.password() != null && needsPassword(become);
        // the limit runs inside sudo, so that it can kill what the script started as that user
        ScriptOnStdin.Fed sudo = become.wrap(sent, send);
        ExecResult r = timed(sudo.line(), become.stdin(sudo.before(input), send), limited, extraWait);
        if (Become.sudoRefused(r)) throw new ModuleFailure(refusal(become, r, send));
        return Become.unwrap(r);
    }

    /**
     * A small read the next command sent also makes, at no extra round trip (the run's first command
     * reads what a run before left on the host); {@link #sideRead()} has its output afterwards.
     */
    public synchronized void readWithNextCommand(String script) {
        sideScript = script;
        sideOutput = null;
    }

    /** What the read asked by {@link #readWithNextCommand} printed; null while no command has been sent. */
    public synchronized String sideRead() {
        return sideOutput;
    }

    private synchronized String takeSideRead() {
        String s = sideScript;
        sideScript = null;
        return s;
    }

    private synchronized void restoreSideRead(String script) {
        if (sideScript == null && sideOutput == null) sideScript = script;
    }

    private synchronized ExecResult keepSideRead(ExecResult r) {
        SideRead.Split split = SideRead.split(r);
        sideOutput = split.side();
        return split.rest();
    }

    /** Takes the host's lock with the first command from now on (an applying run's). */
    public synchronized void lock(HostLock hostLock) {
        this.lock = hostLock;
    }

    /** At the end of the run: lets go of the host's lock where the connection's end does not. */
    public synchronized void release() {
        if (lock != null) lock.release();
    }

    private ExecResult checkTimeout(ExecResult r, long start) throws CommandTimeout {
        if (TimeLimit.killed(r.rc()) && System.nanoTime() - start >= timeout.toNanos() - 500_000_000L) {
            throw new CommandTimeout("command timed out after " + timeout.toSeconds() + " s on " + name
                    + " (--timeout); it was killed with every process it started");
        }
        return TimeLimit.clean(r);
    }

    /**
     * Why sudo refused, in words a sysadmin acts on. A wrong password is remembered: the run does
     * not try it again on this host (sudo would count every attempt against the account).
     */
    private synchronized String refusal(Become become, ExecResult r, boolean sentPassword) {
        String e = r.stderr();
        if (r.rc() == 127 && e.contains("sudo")) return "sudo is not installed on " + name + " (become needs it)";
        if (sentPassword && e.contains("incorrect password")) {
            String msg = "incorrect sudo password on " + name + " (become to " + become.user() + "); not tried again in this run";
            refusals.put(become.user(), msg);
            return msg;
        }
        if (e.contains("not in the sudoers file") || e.contains("is not allowed to execute") || e.contains("may not run sudo")) {
            return "the login user may not run commands as " + become.user() + " on " + name + " (sudoers): " + r.firstErrorLine();
        }
        if (become.password() == null && e.contains("password is required")) {
            return "sudo to " + become.user() + " on " + name + " wants a password: set ansible_become_password or use --ask-become-pass";
        }
        return "sudo to " + become.user() + " refused on " + name + ": " + r.firstErrorLine();
    }

    /** Asks once per become user whether sudo works without a password here. */
    private synchronized boolean needsPassword(Become become) throws ConnectionException {
        Boolean known = sudoNeedsPassword.get(become.user());
        if (known == null) {
            ScriptOnStdin.Fed sudo = become.wrap("true", false);
            ExecResult probe = timed(sudo.line(), sudo.ahead(), false, 0);
            known = !probe.ok();
            sudoNeedsPassword.put(become.user(), known);
        }
        return known;
    }

    /** Told of every command sent to the host, for {@code -vvv}: the script as the module wrote it. */
    public interface Trace {
        /** {@code nanos} of a step sent in a batch: its time is the batch's, told just before. */
        long IN_BATCH = -1;
        /** {@code rc} of a step of a batch that stopped before it. */
        int NOT_REACHED = Integer.MIN_VALUE;

        void command(String host, String script, int rc, long nanos);
    }

    public synchronized void trace(Trace listener) {
        this.trace = listener;
    }

    /** The most of each output stream kept of a command that is not a read (see {@link Connection#exec(String, byte[], Duration, int)}). */
    public static final int OUTPUT_KEPT = 2 * 1024 * 1024;

    /** Sends a command: its script on standard input ahead of {@code input}, a fixed line on the command line (see {@link ScriptOnStdin}). */
    private ExecResult timed(String script, byte[] input, boolean limited, long extraWait) throws ConnectionException {
        long start = System.nanoTime();
        int rc = -1;
        ScriptOnStdin.Fed fed = ScriptOnStdin.of(script);
        byte[] stdin = fed.before(input);
        try {
            // the host kills a command at the timeout; waiting longer tells a slow command from a dead link
            Duration wait = timeout.plusSeconds(TimeLimit.KILL_AFTER + 25 + extraWait);
            ExecResult r = limited ? connection.exec(fed.line(), stdin, wait, OUTPUT_KEPT) : connection.exec(fed.line(), stdin, wait);
            rc = r.rc();
            return r;
        } finally {
            Trace t;
            long took = System.nanoTime() - start;
            synchronized (this) {
                roundTrips++;
                roundTripNanos += took;
                t = trace;
            }
            if (t != null && !batchSending) t.command(name, ScriptOnStdin.unfold(fed.line(), stdin).script(), rc, took);
        }
    }

    /** Commands run on this host so far, each one round trip. */
    public synchronized int roundTrips() {
        return roundTrips;
    }

    /** Wall time spent waiting for those commands. */
    public synchronized Duration roundTripTime() {
        return Duration.ofNanos(roundTripNanos);
    }

    /**
     * Runs a command that only reads, or answers from what an earlier {@link #prefetch} or query
     * with the same script and user found, until the next {@link #forget}.
     */
    public ExecResult query(String script, Become become) throws ConnectionException, ModuleFailure {
        notWhileRecording(script);
        String key = queryKey(script, become);
        ExecResult r = queries.get(key);
        if (r == null) {
            r = run(script, null, become, false);
            queries.put(key, r);
        }
        if (consumed != null) consumed.add(new Consumed(Probe.query(script), null, r));
        return r;
    }

    private static String queryKey(String script, Become become) {
        return (become == null ? "" : become.user()) + "\0" + script;
    }

    /** Whether the answer to a probe is already here (read, predicted or fetched). */
    public boolean has(Probe probe, Become become) {
        return switch (probe.kind()) {
            case QUERY -> queries.containsKey(queryKey(probe.target(), become));
            case STAT -> predictedFiles.containsKey(probe.target()) || files.containsKey(probe.target());
            case READ -> {
                Optional<RemoteFile> f = predictedFiles.containsKey(probe.target()) ? predictedFiles.get(probe.target())
                        : files.get(probe.target());
                yield f != null && (f.isEmpty() || f.get().hasContent() || !f.get().isFile());
            }
        };
    }

    /** Whether a probe was answered, or sent in a batch that could not answer it (the task reads it itself). */
    public boolean asked(Probe probe, Become become) {
        return has(probe, become) || unanswered.contains(probeKey(probe, become));
    }

    private static String probeKey(Probe p, Become become) {
        return p.kind() + "\0" + queryKey(p.target(), become);
    }

    /**
     * Answers the probes not yet answered in one round trip, for reads the coming tasks will
     * make. A probe that failed is left unanswered, so the task's own read reports the error.
     *
     * @return how many probes were sent
     */
    public int prefetch(List<Probe> probes, Become become) throws ConnectionException, ModuleFailure {
        notWhileRecording("a batch of reads");
        Set<String> reads = new HashSet<>();
        for (Probe p : probes) if (p.kind() == Probe.Kind.READ) reads.add(p.target());
        List<Probe> missing = probes.stream().distinct().filter(p -> !asked(p, become))
                .filter(p -> p.kind() != Probe.Kind.STAT || !reads.contains(p.target())).toList();
        if (missing.isEmpty()) return 0;
        // one batch however many: the script travels on standard input, which has no size limit
        ProbeBatch batch = new ProbeBatch(missing);
        ExecResult r = run(batch.script(), null, become, false);
        accept(missing, batch.split(r.out()), become);
        return missing.size();
    }

    /** Keeps the answers to probes; a probe that failed is left unanswered, for the task's own read to report. */
    private void accept(List<Probe> missing, List<ExecResult> answers, Become become) throws ModuleFailure {
        for (int i = 0; i < answers.size(); i++) {
            ExecResult a = answers.get(i);
            Probe p = missing.get(i);
            if (a == null || !a.ok()) {
                unanswered.add(probeKey(p, become));
                continue;
            }
            switch (p.kind()) {
                case QUERY -> queries.put(queryKey(p.target(), become), a);
                case READ -> files.put(p.target(), FileProbe.parse(p.target(), a.out(), true));
                // a stat says less than a read of the same path in the same batch: keep the read
                case STAT -> files.putIfAbsent(p.target(), FileProbe.parse(p.target(), a.out(), false));
            }
        }
    }

    /**
     * Runs several commands that only read in one round trip and returns their answers in order,
     * each with its own exit code. Nothing is cached: the caller wants the host as it is now.
     */
    public List<ExecResult> execAll(List<String> commands, Become become) throws ConnectionException, ModuleFailure {
        notWhileRecording("a batch of reads");
        ProbeBatch batch = new ProbeBatch(commands.stream().map(Probe::query).toList());
        ExecResult r = run(batch.script(), null, become, false);
        List<ExecResult> answers = batch.split(r.out());
        if (answers.contains(null)) {
            throw new ModuleFailure("a batch of " + commands.size() + " reads stopped early on " + name + " (exit code " + r.rc() + "): "
                    + r.firstErrorLine());
        }
        return answers;
    }

    /** Type, mode and owner of a path (no content), or empty when nothing is there. */
    public Optional<RemoteFile> stat(String path, Become become) throws ConnectionException, ModuleFailure {
        notWhileRecording(path);
        Optional<RemoteFile> found = predictedFiles.get(path);
        if (found == null) found = files.get(path);
        if (found == null) {
            found = probe(path, false, become);
            files.put(path, found);
        }
        if (consumed != null) consumed.add(new Consumed(Probe.stat(path), found, null));
        return found;
    }

    /** Like {@link #stat} but with the content of a regular file. */
    public Optional<RemoteFile> read(String path, Become become) throws ConnectionException, ModuleFailure {
        notWhileRecording(path);
        synchronized (readLog) {
            readLog.add(path);
        }
        Optional<RemoteFile> found = predictedFiles.get(path);
        if (found == null || !(found.isEmpty() || found.get().hasContent() || !found.get().isFile())) {
            found = files.get(path);
            if (found == null || !(found.isEmpty() || found.get().hasContent() || !found.get().isFile())) {
                found = probe(path, true, become);
                files.put(path, found);
            }
        }
        if (consumed != null) consumed.add(new Consumed(Probe.read(path), found, null));
        return found;
    }

    private Optional<RemoteFile> probe(String path, boolean withContent, Become become)
            throws ConnectionException, ModuleFailure {
        ExecResult r = run(FileProbe.script(path, withContent), null, become, false);
        if (!r.ok()) throw new ModuleFailure("cannot read " + path + " on " + name + ": " + r.firstErrorLine());
        return FileProbe.parse(path, r.out(), withContent);
    }

    /**
     * A file whose sha256 the host gave (a checksum compared instead of a transfer): logged as read,
     * so the run journal knows what the task compared, its content left unfetched.
     */
    public void confirmedChecksum(String path, String sha256) {
        synchronized (readLog) {
            checksums.put(path, sha256);
            readLog.add(path);
        }
    }

    /** The sha256 the host gave of a path since it was last forgotten, or null. */
    public String knownChecksum(String path) {
        synchronized (readLog) {
            return checksums.get(path);
        }
    }

    /** The paths read with their content (from the host or the cache) since the last call, and a fresh log. */
    public java.util.List<String> takeReadLog() {
        synchronized (readLog) {
            java.util.List<String> out = java.util.List.copyOf(readLog);
            readLog.clear();
            return out;
        }
    }

    /** Whether the host was asked about a path since it was last forgotten (a predicted path does not count). */
    public boolean wasRead(String path) {
        return files.containsKey(path);
    }

    /** What is already known of a path (predicted or read), without asking the host. */
    public Optional<RemoteFile> known(String path) {
        Optional<RemoteFile> predicted = predictedFiles.get(path);
        if (predicted != null) return predicted;
        Optional<RemoteFile> cached = files.get(path);
        return cached != null ? cached : Optional.empty();
    }

    /** Drops what was read from the host (not the predictions): the next read asks again. */
    public void forget() {
        // recording: nothing ran; replaying: the batch's own reads already show the host as the steps left it
        if (recording != null || replaying != null || batchAnswers) return;
        synchronized (readLog) {
            checksums.clear();
        }
        files.clear();
        queries.clear();
        unanswered.clear();
    }

    /** Drops what was read of one path, and every query answer: a query may have looked at it. */
    public void forget(String path) {
        if (recording != null || replaying != null || batchAnswers) return;
        synchronized (readLog) {
            checksums.remove(path);
        }
        files.remove(path);
        queries.clear();
        unanswered.clear();
    }

    public void predictFile(RemoteFile file) {
        predictedFiles.put(file.path(), Optional.of(file));
    }

    public void predictAbsent(String path) {
        predictedFiles.put(path, Optional.empty());
    }

    /** Records what an earlier task leaves behind in check mode. */
    public synchronized <T> void predict(Prediction.Key<T> key, T value) {
        typedPredictions.put(key, Predicted.present(key.type().cast(value)));
    }

    /** Records that an earlier task removes the thing in check mode. */
    public synchronized void predictAbsent(Prediction.Key<?> key) {
        typedPredictions.put(key, Predicted.absent());
    }

    /**
     * In check mode, when earlier tasks install packages: a note saying so, for a plan about a path that
     * does not exist yet (which files a package brings is known only once it is installed).
     */
    public synchronized Optional<String> pendingInstallNote() {
        List<String> names = typedPredictions.entrySet().stream()
                .filter(e -> e.getKey().kind().equals(Prediction.PACKAGE) && e.getValue().isPresent())
                .map(e -> e.getKey().id()).sorted().toList();
        if (names.isEmpty()) return Optional.empty();
        return Optional.of("not present yet: earlier tasks install " + String.join(", ", names) + ", which may bring it");
    }

    /**
     * In check mode, for a path that does not exist yet: why a later step may find it (an earlier task's
     * {@code creates}, or packages earlier tasks install), or empty when nothing would bring it.
     */
    public Optional<String> notYetThereNote(String path) {
        if (predicted(Prediction.path(path)).isPresent()) return Optional.of("not present yet: an earlier task creates it");
        return pendingInstallNote();
    }

    /** What an earlier task of this check-mode run predicted, or {@link Predicted#none()}. */
    @SuppressWarnings("unchecked")
    public synchronized <T> Predicted<T> predicted(Prediction.Key<T> key) {
        Predicted<?> p = typedPredictions.get(key);
        return p == null ? Predicted.none() : (Predicted<T>) p;
    }
}
