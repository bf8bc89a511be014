package dev.bollard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bollard.engine.Json;
import dev.bollard.engine.Runner;
import dev.bollard.engine.Secrets;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.journal.FileRecord;
import dev.bollard.journal.HostJournal;
import dev.bollard.journal.JournalEntry;
import dev.bollard.journal.TaskRecord;
import dev.bollard.playbook.PlaybookException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bollard history}: the runs each host's journal keeps, newest first, with what each changed. */
@Command(name = "bollard history", mixinStandardHelpOptions = true, version = "bollard " + RunJournals.VERSION,
        description = "Show the runs each host's journal keeps, newest first: id, time, playbook, who ran it, and what each changed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all good", "2:a journal could not be read", "3:a host was unreachable", "4:bad input (inventory, arguments)"})
final class HistoryCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "hosts or groups of the inventory (default: all)")
    List<String> names = new ArrayList<>();

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "runs shown per host, newest first (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON object per host and line")
    boolean json;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "hosts read at once (default: ${DEFAULT-VALUE})")
    int forks;

    @Spec
    CommandSpec spec;

    /** Declared in code (see OptionSpecs) and read when the command runs. */
    HostOptions hosts = new HostOptions();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path cwd;
    private final Secrets secrets = new Secrets();

    HistoryCommand(PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.cwd = cwd;
    }

    @Override
    public Integer call() {
        hosts = HostOptions.read(spec.commandLine().getParseResult());
        try {
            if (limit < 1) return bad("--limit must be at least 1 run");
            AnsibleConfig cfg = AnsibleConfig.load(env, cwd, HostOptions.home(env));
            HostOptions.Settled s = hosts.settle(cfg, env, secrets, new PasswordPrompt());
            Inventory inv = hosts.inventories.isEmpty() ? Inventory.implicitLocalhost(s.defaults()) : Inventory.load(hosts.inventories, s.vault(), s.defaults());
            List<Host> selected = JournalHosts.select(inv, names, null);
            Map<Host, JournalHosts.Result<HostJournal.Listing>> read = JournalHosts.onEach(selected, forks,
                    HostOptions.connector(s, false, new PasswordPrompt(), err, secrets), Duration.ofSeconds(hosts.commandTimeout),
                    s.becomePassword(), secrets, null,
                    t -> t.journal(s.extraVars()).list(limit));
            int code = Runner.EXIT_OK;
            for (Map.Entry<Host, JournalHosts.Result<HostJournal.Listing>> e : read.entrySet()) {
                JournalHosts.Result<HostJournal.Listing> r = e.getValue();
                String host = e.getKey().name();
                if (r.unreachable() != null) {
                    code = Math.max(code, Runner.EXIT_UNREACHABLE);
                    print(json ? Json.object().put("host", host).put("unreachable", r.unreachable()).toString()
                            : host + ": UNREACHABLE: " + r.unreachable());
                } else if (r.failure() != null) {
                    code = Math.max(code, Runner.EXIT_FAILED);
                    print(json ? Json.object().put("host", host).put("error", r.failure().getMessage()).toString()
                            : host + ": ERROR: " + r.failure().getMessage());
                } else {
                    if (!r.value().problems().isEmpty()) code = Math.max(code, Runner.EXIT_FAILED);
                    if (json) print(json(host, r.value()).toString());
                    else human(host, r.value());
                }
            }
            return code;
        } catch (PlaybookException | InventoryException | AnsibleConfig.ConfigException | HostOptions.Unusable e) {
            return bad(e.getMessage());
        } catch (dev.bollard.vault.VaultException e) {
            return bad(e.getMessage());
        }
    }

    private void human(String host, HostJournal.Listing l) {
        if (l.entries().isEmpty()) {
            print(host + ": no runs in " + l.dir() + (l.rootJournalElsewhere() != null
                    ? " (runs that became root keep theirs in " + l.rootJournalElsewhere() + ": add -b, or ansible_become to the inventory)" : ""));
        } else {
            print(host + " (" + l.dir() + ", newest first)");
        }
        for (String p : l.problems()) print("  ERROR: " + p);
        for (JournalEntry e : l.entries()) {
            List<TaskRecord> changed = e.changed();
            long failed = e.tasks().stream().filter(t -> "failed".equals(t.status()) && !t.ignored()).count();
            boolean verify = JournalEntry.VERIFY.equals(e.kind());
            String what = JournalEntry.ROLLBACK.equals(e.kind()) ? "rollback of " + e.undoes() : verify ? "verify " + e.playbook() : e.playbook();
            // a verify changes nothing: what it found held or not
            String counts = verify ? e.tasks().stream().filter(TaskRecord::held).count() + " held" + (failed > 0 ? ", " + failed + " did not hold" : "")
                    : changed.size() + " changed" + (failed > 0 ? ", " + failed + " failed" : "");
            print("  " + e.id() + "  " + TIME.format(e.time()) + "  " + what + "  " + e.control() + "  " + counts);
            for (TaskRecord t : e.tasks()) {
                if (t.changed()) print("      " + t.title() + ": " + t.summary());
                else if ("failed".equals(t.status()) && !t.ignored()) print("      " + (verify ? "DOES NOT HOLD " : "FAILED ") + t.title() + ": " + t.summary());
            }
        }
    }

    private static ObjectNode json(String host, HostJournal.Listing l) {
        ObjectNode n = Json.object();
        n.put("host", host);
        n.put("journal", l.dir());
        ArrayNode runs = n.putArray("runs");
        for (JournalEntry e : l.entries()) {
            ObjectNode r = runs.addObject();
            r.put("id", e.id().value());
            r.put("time", e.time().toString());
            r.put("kind", e.kind());
            if (e.playbook() != null) r.put("playbook", e.playbook());
            if (e.undoes() != null) r.put("undoes", e.undoes());
            r.put("control", e.control());
            r.put("bollard", e.version());
            ArrayNode changed = r.putArray("changed");
            ArrayNode failed = r.putArray("failed");
            for (TaskRecord t : e.tasks()) {
                boolean fail = "failed".equals(t.status()) && !t.ignored();
                if (!t.changed() && !fail) continue;
                ObjectNode tn = (fail ? failed : changed).addObject();
                tn.put("task", t.task());
                if (t.item() != null) tn.put("item", t.item());
                tn.put("module", t.module());
                tn.put("summary", t.summary());
                if (!t.files().isEmpty()) {
                    ArrayNode files = tn.putArray("files");
                    for (FileRecord f : t.files()) files.addObject().put("path", f.path()).put("change", f.change());
                }
            }
        }
        if (!l.problems().isEmpty()) {
            ArrayNode p = n.putArray("errors");
            l.problems().forEach(p::add);
        }
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
