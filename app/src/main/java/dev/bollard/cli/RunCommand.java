package dev.bollard.cli;

import dev.bollard.connect.DefaultConnector;
import dev.bollard.engine.Actions;
import dev.bollard.engine.Mode;
import dev.bollard.engine.Preflight;
import dev.bollard.engine.RunOptions;
import dev.bollard.engine.RunJournal;
import dev.bollard.engine.Runner;
import dev.bollard.journal.Retention;
import dev.bollard.engine.Secrets;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.playbook.PlaybookLoader;
import dev.bollard.report.HumanReporter;
import dev.bollard.report.JsonReporter;
import dev.bollard.report.PhaseClock;
import dev.bollard.report.ReportCollector;
import dev.bollard.report.Reporter;
import dev.bollard.report.TeeReporter;
import dev.bollard.spi.HostLock;
import dev.bollard.spi.LockHolder;
import dev.bollard.spi.ModuleRegistry;
import dev.bollard.vault.VaultException;
import dev.bollard.vault.VaultSecrets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

final class RunCommand {
    static final int EXIT_BAD_INPUT = Runner.EXIT_BAD_INPUT;
    static final int DEFAULT_LOCK_WAIT = 10;

    private final boolean verify;
    private final PrintStream out;
    private final PrintStream err;

    Path playbook;
    boolean listTags;
    boolean forceHandlers;
    String startAtTask;
    boolean step;
    boolean check;
    boolean diff;
    String limit;
    List<String> tags = new ArrayList<>();
    List<String> skipTags = new ArrayList<>();
    Integer forks;
    int verbose;
    boolean json;
    List<Path> reports = new ArrayList<>();
    boolean syntaxCheck;
    boolean listHosts;
    boolean listTasks;
    HostOptions hosts = new HostOptions();
    int lockWait = DEFAULT_LOCK_WAIT;
    JournalOptions journal = new JournalOptions();

    /** The command line of a run (and of {@code bollard verify}), with ansible-playbook's option names. */
    static CommandSpec spec() {
        // no ${...} in these texts: looking up an option by name would interpolate every name each time
        CommandSpec spec = CommandSpec.create().interpolateVariables(false);
        OptionSpecs.standardHelp(spec, "bollard " + RunJournals.VERSION);
        spec.usageMessage().description("Apply a playbook to the hosts of an inventory, show what would change (--check --diff), "
                + "or prove that every task's postcondition holds (bollard verify). "
                + "bollard history shows the runs each host's journal keeps; bollard rollback RUN_ID puts back the files a run changed. "
                + "bollard vault encrypts, decrypts and edits the vault files a playbook reads.");
        OptionSpecs.exitCodes(spec, "0", "all good", "2", "a task failed or a postcondition did not hold",
                "3", "a host was unreachable, or locked by another run past --lock-wait", "4", "bad input (playbook, inventory, arguments)",
                "130", "interrupted by Ctrl-C (the recap shows the run so far)");
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).type(Path.class).paramLabel("PLAYBOOK").description("the playbook to run").build());
        spec.addOption(OptionSpecs.flag("list the tags of each play's tasks", "--list-tags"));
        spec.addOption(OptionSpecs.flag("run the handlers a host notified even when it fails later", "--force-handlers"));
        spec.addOption(OptionSpecs.value(String.class, "NAME", "skip the tasks before the first one with this name", "--start-at-task"));
        spec.addOption(OptionSpecs.flag("ask before each task: run it (y), pass it over (N), or run it and all after (c)", "--step"));
        spec.addOption(OptionSpecs.flag("show what would change; change nothing", "-C", "--check"));
        spec.addOption(OptionSpecs.flag("show before/after diffs of files and properties", "-D", "--diff"));
        spec.addOption(OptionSpecs.value(String.class, "PATTERN", "only these hosts (a, a:b, a:&b, a:!b)", "-l", "--limit"));
        spec.addOption(OptionSpecs.commaSeparated("TAGS", "only tasks with these tags", "-t", "--tags"));
        spec.addOption(OptionSpecs.commaSeparated("TAGS", "skip tasks with these tags", "--skip-tags"));
        spec.addOption(OptionSpecs.value(Integer.class, "N", "hosts worked on at once (default: ansible.cfg's forks, else 10)", "-f", "--forks"));
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0").type(boolean[].class).description("-v: output of changed and failed tasks; "
                + "-vv: of every task; -vvv: also each command sent, with its exit code and round-trip time; "
                + "-vvvv: also how each SSH connection was negotiated").build());
        spec.addOption(OptionSpecs.flag("one JSON object per line on stdout, the last one the recap", "--json"));
        spec.addOption(OptionSpecs.repeatable(Path.class, "FILE", "also write the run as FILE, its format by its ending: "
                + ".xml (JUnit XML), .md (Markdown), .html (a page); repeatable", "--report"));
        spec.addOption(OptionSpecs.flag("check the playbook and inventory, touch no host", "--syntax-check"));
        spec.addOption(OptionSpecs.flag("list the hosts each play would run on", "--list-hosts"));
        spec.addOption(OptionSpecs.flag("list the tasks each play would run", "--list-tasks"));
        HostOptions.declare(spec);
        spec.addOption(OptionSpecs.value(int.class, "SECONDS", DEFAULT_LOCK_WAIT,
                "how long to wait for a host another run holds locked before leaving it out (default: " + DEFAULT_LOCK_WAIT + ")", "--lock-wait"));
        JournalOptions.declare(spec);
        return spec;
    }

    /** Takes the parsed command line. */
    void read(ParseResult r) {
        playbook = r.matchedPositionalValue(0, null);
        listTags = OptionSpecs.flag(r, "--list-tags");
        forceHandlers = OptionSpecs.flag(r, "--force-handlers");
        startAtTask = OptionSpecs.value(r, "--start-at-task", null);
        step = OptionSpecs.flag(r, "--step");
        check = OptionSpecs.flag(r, "--check");
        diff = OptionSpecs.flag(r, "--diff");
        limit = OptionSpecs.value(r, "--limit", null);
        tags = OptionSpecs.values(r, "--tags");
        skipTags = OptionSpecs.values(r, "--skip-tags");
        forks = OptionSpecs.value(r, "--forks", null);
        verbose = OptionSpecs.value(r, "--verbose", new boolean[0]).length;
        json = OptionSpecs.flag(r, "--json");
        reports = OptionSpecs.values(r, "--report");
        syntaxCheck = OptionSpecs.flag(r, "--syntax-check");
        listHosts = OptionSpecs.flag(r, "--list-hosts");
        listTasks = OptionSpecs.flag(r, "--list-tasks");
        hosts = HostOptions.read(r);
        lockWait = OptionSpecs.value(r, "--lock-wait", DEFAULT_LOCK_WAIT);
        journal = JournalOptions.read(r);
    }

    private final Secrets secrets = new Secrets();
    private java.util.function.Supplier<Set<String>> preflightSecrets = Set::of;
    private final PasswordPrompt prompt = new PasswordPrompt();

    private final java.util.Map<String, String> env;
    private final Path cwd;

    /** {@code env} and {@code cwd}: where ansible.cfg is looked for (and the environment the run reads). */
    RunCommand(boolean verify, PrintStream out, PrintStream err, java.util.Map<String, String> env, Path cwd) {
        this.verify = verify;
        this.out = out;
        this.err = err;
        this.env = env;
        this.cwd = cwd;
    }

    /** Runs what the command line says; returns the exit code. */
    Integer call() {
        PhaseClock.mark("command line parsed");
        Mode mode = verify ? Mode.VERIFY : check ? Mode.CHECK : Mode.APPLY;
        Reporter reporter = json ? new JsonReporter(out, mode, secrets)
                // --step's questions and a status line redrawn beneath them would fight over the last line
                : System.console() != null && out == System.out && !step ? HumanReporter.onTerminal(out, mode, diff, colour(), secrets, verbose)
                : new HumanReporter(out, mode, diff, colour(), secrets, verbose);
        List<ReportFiles.Target> reportFiles;
        try {
            reportFiles = ReportFiles.targets(reports);
        } catch (ReportFiles.BadReport e) {
            return bad(e.getMessage());
        }
        try {
            AnsibleConfig cfg = AnsibleConfig.load(env, cwd, HostOptions.home(env));
            if (forks == null) forks = cfg.integer("defaults", "forks", 1).orElse(10);
            if (limit != null && limit.startsWith("@")) limit = LimitFile.read(Path.of(limit.substring(1)));
            if (forks < 1) return bad("--forks must be at least 1");
            if (lockWait < 0) return bad("--lock-wait must be 0 or more seconds");
            Retention retention = journal.retention(cfg);
            HostOptions.Settled settled = hosts.settle(cfg, env, secrets, prompt);
            java.util.Map<String, Object> extra = settled.extraVars();
            VaultSecrets vault = settled.vault();
            RunOptions opts = new RunOptions(mode, diff, limit, new LinkedHashSet<>(tags), new LinkedHashSet<>(skipTags), forks,
                    extra, Duration.ofSeconds(hosts.commandTimeout), settled.becomePassword(), vault, startAtTask, forceHandlers,
                    mode == Mode.APPLY ? new HostLock.Settings(LockHolder.of(playbook.toAbsolutePath().normalize().toString()),
                            Duration.ofSeconds(lockWait), w -> err.println("WARNING: " + secrets.mask(w))) : null);
            ModuleRegistry registry = ModuleRegistry.load();
            Set<String> known = new TreeSet<>(registry.names());
            known.addAll(Actions.NAMES);
            PhaseClock.mark("settings and module registry");
            Playbook book = new PlaybookLoader(known, vault, cfg.pathList("defaults", "roles_path").orElse(null)).load(playbook);
            String selection = TaskSelection.problem(book, tags, skipTags, startAtTask);
            if (selection != null) return bad(selection);
            boolean implicit = hosts.inventories.isEmpty();
            Inventory inv = implicit ? Inventory.implicitLocalhost(settled.defaults()) : Inventory.load(hosts.inventories, vault, settled.defaults());
            PhaseClock.mark("playbook and inventory loaded (YAML)");
            UnusedAnsibleVars.warn(inv, extra, w -> err.println("WARNING: " + secrets.mask(w)));
            for (Host h : inv.hosts()) {
                secrets.add(h.connection().password());
                secrets.add(h.connection().becomePassword());
            }
            Expressions ex = new Expressions();
            Preflight preflight = new Preflight(registry, ex, opts);
            preflightSecrets = preflight::secrets;
            Preflight.Checked checked = preflight.check(book, inv);
            PhaseClock.mark("preflight (expressions parsed, module arguments checked)");
            if (listHosts || listTasks || listTags) {
                Listing.print(out, book, checked, opts, listHosts, listTasks, listTags);
                return Runner.EXIT_OK;
            }
            if (syntaxCheck) {
                out.println("playbook: " + playbook + ": syntax OK (" + book.plays().size() + " plays, "
                        + book.plays().stream().mapToInt(p -> p.tasks().size()).sum() + " tasks)");
                return Runner.EXIT_OK;
            }
            if (implicit && mode == Mode.APPLY && !"local".equals(hosts.connection)) {
                return bad("no inventory given: only this machine exists, as localhost, and Bollard does not provision it without "
                        + "being told (Ansible's implicit localhost does not match 'all' either). To see what would change here: --check; "
                        + "to apply to this machine: -c local (or -i localhost, -c local); for other hosts: -i INVENTORY");
            }
            if (implicit && !json) err.println("no inventory given: " + (mode == Mode.APPLY ? "applying to" : "checking") + " this machine (localhost, local connection)");
            DefaultConnector connector = HostOptions.connector(settled, mode == Mode.APPLY, prompt, err, secrets);
            if (verbose >= 4) connector.negotiation(reporter::connectionDetail);
            ReportCollector collector = reportFiles.isEmpty() ? null
                    : new ReportCollector(playbook.toString(), mode, diff, secrets, book, checked::itemControls);
            Runner runner = new Runner(registry, ex, connector, collector == null ? reporter : new TeeReporter(reporter, collector), opts)
                    .keepJournal(new RunJournal(RunJournals.header(playbook), retention, secrets));
            if (step) runner.step(this::askStep);
            int code;
            try (Interrupts ctrlC = Interrupts.during(() -> runner, err)) {
                code = runner.run(book, inv, checked);
            }
            PhaseClock.mark("tasks run, connections closed");
            return collector == null ? code : ReportFiles.write(reportFiles, collector.report(), err, code);
        } catch (PlaybookException | InventoryException | VaultException | AnsibleConfig.ConfigException e) {
            return bad(e.getMessage());
        } catch (HostOptions.Unusable e) {
            return bad(e.getMessage());
        } catch (Preflight.BadInput e) {
            secrets.addAll(preflightSecrets.get());
            for (String p : e.problems()) err.println("ERROR: " + secrets.mask(p));
            err.println(e.problems().size() + " problem(s) found before touching any host; nothing was changed.");
            return Runner.EXIT_BAD_INPUT;
        }
    }

    /** Ansible's --step question, with its answers: y or yes, c or continue, anything else (Enter) no. */
    private Runner.Step askStep(String task) {
        String answer;
        try {
            answer = prompt.line("\nPerform task: TASK: " + secrets.mask(task) + " (N)o/(y)es/(c)ontinue: ", err);
        } catch (java.io.UncheckedIOException e) {
            answer = null;
        }
        if (answer == null) return Runner.Step.NO;
        return switch (answer.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "y", "yes" -> Runner.Step.YES;
            case "c", "continue" -> Runner.Step.CONTINUE;
            default -> Runner.Step.NO;
        };
    }

    private int bad(String message) {
        err.println("ERROR: " + secrets.mask(message));
        return Runner.EXIT_BAD_INPUT;
    }

    private boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null && out == System.out;
    }
}
