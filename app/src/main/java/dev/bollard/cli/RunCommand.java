package dev.bollard.cli;

import dev.bollard.connect.DefaultConnector;
import dev.bollard.engine.Actions;
import dev.bollard.engine.Mode;
import dev.bollard.engine.Preflight;
import dev.bollard.engine.RunOptions;
import dev.bollard.engine.Runner;
import dev.bollard.engine.Secrets;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.ConnectionDefaults;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.playbook.PlaybookLoader;
import dev.bollard.report.HumanReporter;
import dev.bollard.report.JsonReporter;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bollard", mixinStandardHelpOptions = true, version = "bollard 0.1.0",
        description = "Apply a playbook to the hosts of an inventory, show what would change (--check --diff), "
                + "or prove that every task's postcondition holds (bollard verify). "
                + "bollard vault encrypts, decrypts and edits the vault files a playbook reads.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all good", "2:a task failed or a postcondition did not hold", "3:a host was unreachable, or locked by another run past --lock-wait",
                "4:bad input (playbook, inventory, arguments)", "130:interrupted by Ctrl-C (the recap shows the run so far)"})
final class RunCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = Runner.EXIT_BAD_INPUT;

    private final boolean verify;
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "the playbook to run")
    Path playbook;

    @Option(names = {"-i", "--inventory", "--inventory-file"}, paramLabel = "SOURCE",
            description = "inventory: a YAML or INI file, a directory of them, or hosts as host1,host2, (repeatable); "
                    + "without it only this machine exists, as localhost, for --check and verify")
    List<String> inventories = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "log in as USER where the inventory names no ansible_user")
    String remoteUser;

    @Option(names = {"--private-key", "--key-file"}, paramLabel = "FILE", description = "SSH private key where the inventory names none")
    String privateKey;

    @Option(names = {"-k", "--ask-pass"}, description = "ask once for the SSH password")
    boolean askPass;

    @Option(names = {"-c", "--connection"}, paramLabel = "TYPE", description = "ssh or local, where the inventory sets no ansible_connection")
    String connection;

    @Option(names = {"-b", "--become"}, description = "become (sudo) where the inventory sets no ansible_become")
    boolean become;

    @Option(names = "--become-user", paramLabel = "USER", description = "the user to become (default root)")
    String becomeUser;

    @Option(names = "--become-method", paramLabel = "METHOD", description = "sudo (the only method Bollard has)")
    String becomeMethod;

    @Option(names = "--list-tags", description = "list the tags of each play's tasks")
    boolean listTags;

    @Option(names = "--force-handlers", description = "run the handlers a host notified even when it fails later")
    boolean forceHandlers;

    @Option(names = "--start-at-task", paramLabel = "NAME", description = "skip the tasks before the first one with this name")
    String startAtTask;

    @Option(names = "--step", description = "ask before each task: run it (y), pass it over (N), or run it and all after (c)")
    boolean step;

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

    @Option(names = {"-f", "--forks"}, paramLabel = "N", description = "hosts worked on at once (default: ansible.cfg's forks, else 10)")
    Integer forks;

    @Option(names = {"-v", "--verbose"}, description = "-v: output of changed and failed tasks; -vv: of every task; -vvv: also each command sent, with its exit code and round-trip time; -vvvv: also how each SSH connection was negotiated")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS", description = "key=value, @file.yml or a JSON/YAML mapping; wins over every other variable")
    List<String> extraVars = new ArrayList<>();

    @Option(names = "--json", description = "one JSON object per line on stdout, the last one the recap")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE",
            description = "also write the run as FILE, its format by its ending: .xml (JUnit XML), .md (Markdown), .html (a page); repeatable")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--syntax-check", description = "check the playbook and inventory, touch no host")
    boolean syntaxCheck;

    @Option(names = "--list-hosts", description = "list the hosts each play would run on")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "list the tasks each play would run")
    boolean listTasks;

    @Option(names = "--host-key-policy", paramLabel = "POLICY",
            description = "strict (key must be in ~/.ssh/known_hosts), accept-new (record unknown keys), off "
                    + "(default: strict; off when ansible.cfg sets host_key_checking = False)")
    String hostKeyPolicy;

    @Option(names = {"-T", "--connect-timeout"}, paramLabel = "SECONDS", description = "SSH connect timeout (default: ansible.cfg's timeout, else 10)")
    Integer connectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800", description = "longest a single command may run (default: ${DEFAULT-VALUE})")
    int commandTimeout;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait for a host another run holds locked before leaving it out (default: ${DEFAULT-VALUE})")
    int lockWait;

    @Option(names = {"-K", "--ask-become-pass"}, description = "ask once for the sudo password (or set BOLLARD_BECOME_PASSWORD)")
    boolean askBecomePass;

    @Mixin
    VaultOptions vaultOptions = new VaultOptions();

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

    @Override
    public Integer call() {
        Mode mode = verify ? Mode.VERIFY : check ? Mode.CHECK : Mode.APPLY;
        Reporter reporter = json ? new JsonReporter(out, mode, secrets)
                // --step's questions and a status line redrawn beneath them would fight over the last line
                : System.console() != null && out == System.out && !step ? HumanReporter.onTerminal(out, mode, diff, colour(), secrets, verbose.length)
                : new HumanReporter(out, mode, diff, colour(), secrets, verbose.length);
        List<ReportFiles.Target> reportFiles;
        try {
            reportFiles = ReportFiles.targets(reports);
        } catch (ReportFiles.BadReport e) {
            return bad(e.getMessage());
        }
        try {
            // typed on the command line (these options have no defaults of their own): they win over ~/.ssh/config
            boolean policyTyped = hostKeyPolicy != null;
            boolean timeoutTyped = connectTimeout != null;
            AnsibleConfig cfg = AnsibleConfig.load(env, cwd, home());
            if (forks == null) forks = cfg.integer("defaults", "forks", 1).orElse(10);
            if (connectTimeout == null) connectTimeout = cfg.integer("defaults", "timeout", 1).orElse(10);
            if (hostKeyPolicy == null) hostKeyPolicy = cfg.bool("defaults", "host_key_checking").orElse(true) ? "strict" : "off";
            if (inventories.isEmpty() && cfg.string("defaults", "inventory").isPresent()) {
                inventories.add(inventoryOf(cfg, cfg.string("defaults", "inventory").get()).toString());
            }
            if (becomeMethod != null && !becomeMethod.equals("sudo")) {
                return bad("--become-method " + becomeMethod + " is not available in Bollard: it becomes with sudo only");
            }
            if (connection != null && !Set.of("ssh", "local", "smart").contains(connection)) {
                return bad("--connection " + connection + " is not available in Bollard: use ssh or local");
            }
            if (limit != null && limit.startsWith("@")) limit = LimitFile.read(Path.of(limit.substring(1)));
            askBecomePass |= cfg.bool("privilege_escalation", "become_ask_pass").orElse(false);
            String sshPassword = askPass ? prompt.ask("SSH password: ") : null;
            secrets.add(sshPassword);
            java.util.Map<String, String> vaultEnv = env;
            if (cfg.path("defaults", "vault_password_file").isPresent() && !present(env.get(VaultOptions.ENV_PASSWORD_FILE))) {
                // the same setting as $ANSIBLE_VAULT_PASSWORD_FILE, which wins over the file
                vaultEnv = new java.util.HashMap<>(env);
                vaultEnv.put(VaultOptions.ENV_PASSWORD_FILE, cfg.path("defaults", "vault_password_file").get().toString());
            }
            if (!Set.of("strict", "accept-new", "off").contains(hostKeyPolicy)) {
                return bad("--host-key-policy must be strict, accept-new or off, not '" + hostKeyPolicy + "'");
            }
            if (forks < 1) return bad("--forks must be at least 1");
            if (lockWait < 0) return bad("--lock-wait must be 0 or more seconds");
            String becomePassword = becomePassword();
            secrets.add(becomePassword);
            // every vault password, and every value decrypted with one, is masked from here on
            VaultSecrets vault = vaultOptions.secrets(prompt, vaultEnv, secrets::add);
            java.util.Map<String, Object> extra = ExtraVars.parse(extraVars, vault);
            // the command line wins over ansible.cfg; the inventory wins over both; -e wins over all
            ConnectionDefaults defaults = new ConnectionDefaults(
                    remoteUser != null ? remoteUser : cfg.string("defaults", "remote_user").orElse(null),
                    privateKey != null ? privateKey : cfg.path("defaults", "private_key_file").map(Path::toString).orElse(null),
                    become ? Boolean.TRUE : cfg.bool("privilege_escalation", "become").orElse(null),
                    becomeUser != null ? becomeUser : cfg.string("privilege_escalation", "become_user").orElse(null),
                    connection == null || connection.equals("smart") ? null : connection, sshPassword, connectionVars(extra));
            RunOptions opts = new RunOptions(mode, diff, limit, new LinkedHashSet<>(tags), new LinkedHashSet<>(skipTags), forks,
                    extra, Duration.ofSeconds(commandTimeout), becomePassword, vault, startAtTask, forceHandlers,
                    mode == Mode.APPLY ? new HostLock.Settings(LockHolder.of(playbook.toAbsolutePath().normalize().toString()),
                            Duration.ofSeconds(lockWait), w -> err.println("WARNING: " + secrets.mask(w))) : null);
            ModuleRegistry registry = ModuleRegistry.load();
            Set<String> known = new TreeSet<>(registry.names());
            known.addAll(Actions.NAMES);
            Playbook book = new PlaybookLoader(known, vault, cfg.pathList("defaults", "roles_path").orElse(null)).load(playbook);
            String selection = TaskSelection.problem(book, tags, skipTags, startAtTask);
            if (selection != null) return bad(selection);
            boolean implicit = inventories.isEmpty();
            Inventory inv = implicit ? Inventory.implicitLocalhost(defaults) : Inventory.load(inventories, vault, defaults);
            UnusedAnsibleVars.warn(inv, extra, w -> err.println("WARNING: " + secrets.mask(w)));
            for (Host h : inv.hosts()) {
                secrets.add(h.connection().password());
                secrets.add(h.connection().becomePassword());
            }
            Expressions ex = new Expressions();
            Preflight preflight = new Preflight(registry, ex, opts);
            preflightSecrets = preflight::secrets;
            Preflight.Checked checked = preflight.check(book, inv);
            if (listHosts || listTasks || listTags) {
                Listing.print(out, book, checked, opts, listHosts, listTasks, listTags);
                return Runner.EXIT_OK;
            }
            if (syntaxCheck) {
                out.println("playbook: " + playbook + ": syntax OK (" + book.plays().size() + " plays, "
                        + book.plays().stream().mapToInt(p -> p.tasks().size()).sum() + " tasks)");
                return Runner.EXIT_OK;
            }
            if (implicit && mode == Mode.APPLY && !"local".equals(connection)) {
                return bad("no inventory given: only this machine exists, as localhost, and Bollard does not provision it without "
                        + "being told (Ansible's implicit localhost does not match 'all' either). To see what would change here: --check; "
                        + "to apply to this machine: -c local (or -i localhost, -c local); for other hosts: -i INVENTORY");
            }
            if (implicit && !json) err.println("no inventory given: " + (mode == Mode.APPLY ? "applying to" : "checking") + " this machine (localhost, local connection)");
            DefaultConnector connector = new DefaultConnector(new DefaultConnector.Options(dev.bollard.ssh.HostKeyPolicy.parse(hostKeyPolicy),
                    policyTyped, Duration.ofSeconds(connectTimeout), timeoutTyped, mode == Mode.APPLY,
                    Path.of(System.getProperty("user.home"), ".ssh", "config"), System.getenv(),
                    q -> prompt.interactive() ? prompt.ask(q) : null, w -> err.println("WARNING: " + secrets.mask(w))));
            if (verbose.length >= 4) connector.negotiation(reporter::connectionDetail);
            ReportCollector collector = reportFiles.isEmpty() ? null
                    : new ReportCollector(playbook.toString(), mode, diff, secrets, book, checked::itemControls);
            Runner runner = new Runner(registry, ex, connector, collector == null ? reporter : new TeeReporter(reporter, collector), opts);
            if (step) runner.step(this::askStep);
            int code;
            try (Interrupts ctrlC = Interrupts.during(() -> runner, err)) {
                code = runner.run(book, inv, checked);
            }
            return collector == null ? code : ReportFiles.write(reportFiles, collector.report(), err, code);
        } catch (PlaybookException | InventoryException | VaultException | AnsibleConfig.ConfigException e) {
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

    private String becomePassword() throws PlaybookException {
        String given = env.get("BOLLARD_BECOME_PASSWORD");
        if (!askBecomePass) return given == null || given.isEmpty() ? null : given;
        try {
            String answer = prompt.ask("BECOME password: ");
            if (answer == null) throw new PlaybookException("--ask-become-pass: no terminal and nothing on standard input");
            return answer;
        } catch (java.io.UncheckedIOException e) {
            throw new PlaybookException("--ask-become-pass: " + e.getMessage());
        }
    }

    /** ansible.cfg's inventory: one path (Ansible allows a comma-separated list; Bollard reads one inventory). */
    private static Path inventoryOf(AnsibleConfig cfg, String value) throws AnsibleConfig.ConfigException {
        if (value.contains(",")) {
            throw new AnsibleConfig.ConfigException(cfg.where("defaults", "inventory") + ": inventory names several sources ('" + value
                    + "'); Bollard reads one inventory: give one path, or -i");
        }
        return cfg.path("defaults", "inventory").orElseThrow();
    }

    /** The connection variables among the -e ones: they win over the inventory's. */
    private static java.util.Map<String, Object> connectionVars(java.util.Map<String, Object> extra) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        extra.forEach((k, v) -> {
            if (k.startsWith("ansible_")) out.put(k, v);
        });
        return out;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private Path home() {
        String h = env.get("HOME");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
    }


    private int bad(String message) {
        err.println("ERROR: " + secrets.mask(message));
        return Runner.EXIT_BAD_INPUT;
    }

    private boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null && out == System.out;
    }
}
