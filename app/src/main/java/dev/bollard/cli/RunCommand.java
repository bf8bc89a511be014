package dev.bollard.cli;

import dev.bollard.connect.DefaultConnector;
import dev.bollard.engine.Actions;
import dev.bollard.engine.Mode;
import dev.bollard.engine.Preflight;
import dev.bollard.engine.RunOptions;
import dev.bollard.engine.Runner;
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
import dev.bollard.report.Reporter;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bollard", mixinStandardHelpOptions = true, version = "bollard 0.1.0",
        description = "Apply a playbook to the hosts of an inventory, show what would change (--check --diff), "
                + "or prove that every task's postcondition holds (bollard verify). "
                + "bollard vault encrypts, decrypts and edits the vault files a playbook reads.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all good", "2:a task failed or a postcondition did not hold", "3:a host was unreachable",
                "4:bad input (playbook, inventory, arguments)"})
final class RunCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = Runner.EXIT_BAD_INPUT;

    private final boolean verify;
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "the playbook to run")
    Path playbook;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", description = "inventory (YAML or INI); without it, the playbook runs on localhost")
    Path inventory;

    @Option(names = {"-C", "--check"}, description = "show what would change; change nothing")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "show before/after diffs of files and properties")
    boolean diff;

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "only these hosts (a, a:b, a:&b, a:!b)")
    String limit;

    @Option(names = {"-t", "--tags"}, split = ",", paramLabel = "TAGS", description = "only tasks with these tags")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", split = ",", paramLabel = "TAGS", description = "skip tasks with these tags")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "hosts worked on at once (default: ${DEFAULT-VALUE})")
    int forks;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS", description = "key=value, @file.yml or a JSON/YAML mapping; wins over every other variable")
    List<String> extraVars = new ArrayList<>();

    @Option(names = "--json", description = "one JSON object per line on stdout, the last one the recap")
    boolean json;

    @Option(names = "--syntax-check", description = "check the playbook and inventory, touch no host")
    boolean syntaxCheck;

    @Option(names = "--list-hosts", description = "list the hosts each play would run on")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "list the tasks each play would run")
    boolean listTasks;

    @Option(names = "--host-key-policy", paramLabel = "POLICY", defaultValue = "strict",
            description = "strict (key must be in ~/.ssh/known_hosts), accept-new (record unknown keys), off")
    String hostKeyPolicy;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10", description = "SSH connect timeout (default: ${DEFAULT-VALUE})")
    int connectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800", description = "longest a single command may run (default: ${DEFAULT-VALUE})")
    int commandTimeout;

    @Option(names = {"-K", "--ask-become-pass"}, description = "ask once for the sudo password (or set BOLLARD_BECOME_PASSWORD)")
    boolean askBecomePass;

    @Spec
    CommandSpec spec;

    @Mixin
    VaultOptions vaultOptions = new VaultOptions();

    private final Secrets secrets = new Secrets();
    private java.util.function.Supplier<Set<String>> preflightSecrets = Set::of;
    private final PasswordPrompt prompt = new PasswordPrompt();

    RunCommand(boolean verify, PrintStream out, PrintStream err) {
        this.verify = verify;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Mode mode = verify ? Mode.VERIFY : check ? Mode.CHECK : Mode.APPLY;
        Reporter reporter = json ? new JsonReporter(out, mode, secrets)
                : new HumanReporter(out, mode, diff, colour(), secrets);
        try {
            if (!Set.of("strict", "accept-new", "off").contains(hostKeyPolicy)) {
                return bad("--host-key-policy must be strict, accept-new or off, not '" + hostKeyPolicy + "'");
            }
            if (forks < 1) return bad("--forks must be at least 1");
            String becomePassword = becomePassword();
            secrets.add(becomePassword);
            // every vault password, and every value decrypted with one, is masked from here on
            VaultSecrets vault = vaultOptions.secrets(prompt, System.getenv(), secrets::add);
            RunOptions opts = new RunOptions(mode, diff, limit, new LinkedHashSet<>(tags), new LinkedHashSet<>(skipTags), forks,
                    ExtraVars.parse(extraVars, vault), Duration.ofSeconds(commandTimeout), becomePassword, vault);
            ModuleRegistry registry = ModuleRegistry.load();
            Set<String> known = new TreeSet<>(registry.names());
            known.addAll(Actions.NAMES);
            Playbook book = new PlaybookLoader(known, vault).load(playbook);
            Inventory inv = inventory == null ? Inventory.implicitLocalhost() : Inventory.load(inventory, vault);
            for (Host h : inv.hosts()) {
                secrets.add(h.connection().password());
                secrets.add(h.connection().becomePassword());
            }
            Expressions ex = new Expressions();
            Preflight preflight = new Preflight(registry, ex, opts);
            preflightSecrets = preflight::secrets;
            Preflight.Checked checked = preflight.check(book, inv);
            if (listHosts || listTasks) {
                Listing.print(out, book, checked, opts, listHosts, listTasks);
                return Runner.EXIT_OK;
            }
            if (syntaxCheck) {
                out.println("playbook: " + playbook + ": syntax OK (" + book.plays().size() + " plays, "
                        + book.plays().stream().mapToInt(p -> p.tasks().size()).sum() + " tasks)");
                return Runner.EXIT_OK;
            }
            DefaultConnector connector = new DefaultConnector(new DefaultConnector.Options(dev.bollard.ssh.HostKeyPolicy.parse(hostKeyPolicy),
                    given("--host-key-policy"), Duration.ofSeconds(connectTimeout), given("--connect-timeout"), mode == Mode.APPLY,
                    Path.of(System.getProperty("user.home"), ".ssh", "config"), System.getenv(),
                    q -> prompt.interactive() ? prompt.ask(q) : null, w -> err.println("WARNING: " + secrets.mask(w))));
            return new Runner(registry, ex, connector, reporter, opts).run(book, inv, checked);
        } catch (PlaybookException | InventoryException | VaultException e) {
            return bad(e.getMessage());
        } catch (Preflight.BadInput e) {
            secrets.addAll(preflightSecrets.get());
            for (String p : e.problems()) err.println("ERROR: " + secrets.mask(p));
            err.println(e.problems().size() + " problem(s) found before touching any host; nothing was changed.");
            return Runner.EXIT_BAD_INPUT;
        }
    }

    private String becomePassword() throws PlaybookException {
        String env = System.getenv("BOLLARD_BECOME_PASSWORD");
        if (!askBecomePass) return env == null || env.isEmpty() ? null : env;
        try {
            String answer = prompt.ask("BECOME password: ");
            if (answer == null) throw new PlaybookException("--ask-become-pass: no terminal and nothing on standard input");
            return answer;
        } catch (java.io.UncheckedIOException e) {
            throw new PlaybookException("--ask-become-pass: " + e.getMessage());
        }
    }

    /** True when the option was on the command line (not its default). */
    private boolean given(String option) {
        return spec != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private int bad(String message) {
        err.println("ERROR: " + secrets.mask(message));
        return Runner.EXIT_BAD_INPUT;
    }

    private boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null && out == System.out;
    }
}
