package dev.bollard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bollard.engine.Json;
import dev.bollard.engine.RunJournal;
import dev.bollard.engine.Runner;
import dev.bollard.engine.Secrets;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.journal.HostJournal;
import dev.bollard.journal.HostRollback;
import dev.bollard.journal.JournalCodec;
import dev.bollard.journal.JournalEntry;
import dev.bollard.journal.Retention;
import dev.bollard.journal.RollbackPlan;
import dev.bollard.journal.RunId;
import dev.bollard.journal.TaskRecord;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.spi.HostLock;
import dev.bollard.spi.LockHolder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bollard rollback RUN_ID}: puts back the files a run changed, on each host whose journal
 * has the run, where they still hold what the run wrote; says what it refused and what it cannot
 * undo. A rollback is itself a run: it keeps its own journal entry.
 */
@Command(name = "bollard rollback", mixinStandardHelpOptions = true, version = "bollard " + RunJournals.VERSION,
        description = "Put back the files a run changed (content, mode, owner; a file it created is removed) where they still hold "
                + "what that run wrote; refuse, per file, where they changed since; list what cannot be undone.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:everything that could be put back was", "2:a file was refused (changed since the run) or could not be put back",
                "3:a host was unreachable", "4:bad input, or no host's journal has the run"})
final class RollbackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run to undo, as bollard history shows it")
    String runId;

    @Option(names = {"-C", "--check"}, description = "show what would be put back; change nothing")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "show each file as it is against as it will be")
    boolean diff;

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "only these hosts (a, a:b, a:&b, a:!b)")
    String limit;

    @Option(names = "--json", description = "one JSON object per host and line")
    boolean json;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait for a host another run holds locked before leaving it out (default: ${DEFAULT-VALUE})")
    int lockWait;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "hosts worked on at once (default: ${DEFAULT-VALUE})")
    int forks;

    @Spec
    CommandSpec spec;

    /** Declared in code (see OptionSpecs) and read when the command runs. */
    HostOptions hosts = new HostOptions();
    JournalOptions journal = new JournalOptions();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path cwd;
    private final Secrets secrets = new Secrets();

    RollbackCommand(PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.cwd = cwd;
    }

    /** One host's rollback: the run's entry (null: not in this journal), where it looked, and what happened. */
    record HostOutcome(JournalEntry run, String dir, RollbackPlan plan, List<HostRollback.Outcome> outcomes, String journalProblem) {
    }

    @Override
    public Integer call() {
        hosts = HostOptions.read(spec.commandLine().getParseResult());
        journal = JournalOptions.read(spec.commandLine().getParseResult());
        RunId id;
        try {
            id = new RunId(runId);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        try {
            AnsibleConfig cfg = AnsibleConfig.load(env, cwd, HostOptions.home(env));
            if (lockWait < 0) return bad("--lock-wait must be 0 or more seconds");
            Retention retention = journal.retention(cfg);
            HostOptions.Settled s = hosts.settle(cfg, env, secrets, new PasswordPrompt());
            Inventory inv = hosts.inventories.isEmpty() ? Inventory.implicitLocalhost(s.defaults()) : Inventory.load(hosts.inventories, s.vault(), s.defaults());
            List<Host> selected = JournalHosts.select(inv, List.of(), limit);
            if (selected.isEmpty()) return bad("--limit " + limit + " matches no host of the inventory");
            RunJournal.Header header = RunJournals.header(null);
            Map<Host, JournalHosts.Result<HostOutcome>> done = JournalHosts.onEach(selected, forks,
                    HostOptions.connector(s, !check, new PasswordPrompt(), err, secrets), Duration.ofSeconds(hosts.commandTimeout),
                    s.becomePassword(), secrets, check ? null : new HostLock.Settings(LockHolder.of("(rollback of run " + id + ")"),
                            Duration.ofSeconds(lockWait), w -> err.println("WARNING: " + secrets.mask(w))), t -> undo(t, id, t.journal(s.extraVars()), retention, header));
            return report(id, done);
        } catch (PlaybookException | InventoryException | AnsibleConfig.ConfigException | HostOptions.Unusable e) {
            return bad(e.getMessage());
        } catch (dev.bollard.vault.VaultException e) {
            return bad(e.getMessage());
        }
    }

    private HostOutcome undo(JournalHosts.Target t, RunId id, HostJournal j, Retention retention, RunJournal.Header header) throws Exception {
        HostJournal.Listing found = j.find(id);
        if (found.entries().isEmpty()) return new HostOutcome(null, found.dir(), null, List.of(), null);
        JournalEntry run = found.entries().get(0);
        RollbackPlan plan = RollbackPlan.of(run);
        List<HostRollback.Outcome> outcomes = new HostRollback(t.state(), t.become()).run(plan, check, diff);
        String problem = null;
        if (!check && outcomes.stream().anyMatch(o -> o.record() != null || o.failed())) {
            JournalEntry own = new JournalEntry(header.id(), header.time(), JournalEntry.ROLLBACK, null, header.control(), header.version(),
                    t.host().name(), id.value(), records(id, outcomes));
            try {
                j.write(own, JournalCodec.write(own, secrets), retention, header.time());
            } catch (dev.bollard.journal.JournalException e) {
                problem = e.getMessage();
            }
        }
        return new HostOutcome(run, found.dir(), plan, outcomes, problem);
    }

    /** This rollback as its own journal entry keeps it: a record per path, so it can be undone in turn. */
    private static List<TaskRecord> records(RunId id, List<HostRollback.Outcome> outcomes) {
        List<TaskRecord> out = new ArrayList<>();
        for (HostRollback.Outcome o : outcomes) {
            if (o.restore() == null) continue;
            String status = o.record() != null && !o.failed() ? "changed" : o.refused() ? "skipped" : "failed";
            out.add(new TaskRecord("rollback of " + id, o.restore().path(), "rollback", status, false,
                    (o.refused() ? "refused: " : "") + o.detail(), List.of(), o.record() == null ? List.of() : List.of(o.record()), null, false));
        }
        return out;
    }

    private int report(RunId id, Map<Host, JournalHosts.Result<HostOutcome>> done) {
        int code = Runner.EXIT_OK;
        boolean found = false;
        if (!json) print("ROLLBACK of run " + id + (check ? " (check mode: nothing is changed)" : ""));
        for (Map.Entry<Host, JournalHosts.Result<HostOutcome>> e : done.entrySet()) {
            String host = e.getKey().name();
            JournalHosts.Result<HostOutcome> r = e.getValue();
            if (r.unreachable() != null || r.failure() != null) {
                code = Math.max(code, r.unreachable() != null ? Runner.EXIT_UNREACHABLE : Runner.EXIT_FAILED);
                String why = r.unreachable() != null ? r.unreachable() : r.failure().getMessage();
                print(json ? Json.object().put("host", host).put(r.unreachable() != null ? "unreachable" : "error", why).toString()
                        : host + ": " + (r.unreachable() != null ? "UNREACHABLE: " : "ERROR: ") + why);
                continue;
            }
            HostOutcome o = r.value();
            if (o.run() == null) {
                print(json ? Json.object().put("host", host).put("missing", "run " + id + " is not in this host's journal").toString()
                        : host + ": run " + id + " is not in this host's journal" + (o.dir() != null ? " (" + o.dir() + ")" : ""));
                continue;
            }
            found = true;
            boolean bad = o.outcomes().stream().anyMatch(x -> x.refused() || x.failed()) || o.journalProblem() != null;
            if (bad) code = Math.max(code, Runner.EXIT_FAILED);
            if (json) print(json(host, o).toString());
            else human(host, o);
        }
        if (!found && code == Runner.EXIT_OK) {
            err.println("ERROR: run " + id + " is in no selected host's journal: bollard history -i INVENTORY lists the runs each host keeps");
            return Runner.EXIT_BAD_INPUT;
        }
        return code;
    }

    private void human(String host, HostOutcome o) {
        JournalEntry run = o.run();
        print(host + ": " + run.kind() + " " + (run.playbook() != null ? run.playbook() : "of " + run.undoes()) + " by " + run.control()
                + " at " + HistoryCommand.TIME.format(run.time()));
        for (HostRollback.Outcome x : o.outcomes()) {
            String path = x.restore() == null ? "" : x.restore().path() + ": ";
            String label = switch (x.status()) {
                case HostRollback.RESTORED -> RollbackPlan.Restore.REMOVE.equals(x.restore().action()) ? "removed   " : "restored  ";
                case HostRollback.WOULD -> RollbackPlan.Restore.REMOVE.equals(x.restore().action()) ? "would remove " : "would restore ";
                case HostRollback.REFUSED -> "REFUSED   ";
                default -> "FAILED    ";
            };
            print("  " + label + path + x.detail());
            if (x.diff() != null && !x.diff().isEmpty()) {
                for (String line : x.diff().split("\n")) print("      " + line);
            }
        }
        for (RollbackPlan.Left l : o.plan().left()) print("  not undone: " + l.what() + " (" + l.why() + ")");
        if (o.journalProblem() != null) print("  ERROR: " + o.journalProblem());
        long restored = o.outcomes().stream().filter(x -> HostRollback.RESTORED.equals(x.status()) || HostRollback.WOULD.equals(x.status())).count();
        long refused = o.outcomes().stream().filter(HostRollback.Outcome::refused).count();
        long failed = o.outcomes().stream().filter(HostRollback.Outcome::failed).count();
        print("  " + host + ": " + restored + (check ? " would be put back" : " put back") + ", " + refused + " refused, " + failed + " failed, "
                + o.plan().left().size() + " not undone");
    }

    private static ObjectNode json(String host, HostOutcome o) {
        ObjectNode n = Json.object();
        n.put("host", host);
        n.put("run", o.run().id().value());
        ArrayNode files = n.putArray("files");
        for (HostRollback.Outcome x : o.outcomes()) {
            ObjectNode f = files.addObject();
            if (x.restore() != null) {
                f.put("path", x.restore().path());
                f.put("action", x.restore().action());
            }
            f.put("status", x.status());
            f.put("detail", x.detail());
            if (x.diff() != null) f.put("diff", x.diff());
        }
        ArrayNode left = n.putArray("not_undone");
        for (RollbackPlan.Left l : o.plan().left()) left.addObject().put("what", l.what()).put("why", l.why());
        if (o.journalProblem() != null) n.put("journal_error", o.journalProblem());
        return n;
    }

    private void print(String line) {
        out.println(secrets.mask(line));
    }

    private int bad(String message) {
        err.println("ERROR: " + secrets.mask(message));
        return Runner.EXIT_BAD_INPUT;
    }
}
