package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import dev.bollard.inventory.InventoryException;
import dev.bollard.playbook.Control;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.playbook.PlaybookLoader;
import dev.bollard.playbook.Task;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that can be checked before any host is touched: host patterns, vars files, handler
 * names, and for every task on every host its condition, loop, arguments and the variables they
 * use. Variables only the run can define ({@code register}, {@code set_fact}, {@code item}) are
 * left for the run; anything else undefined is an error here.
 */
public final class Preflight {
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.regex.Pattern MISSING_KEY = java.util.regex.Pattern.compile("the mapping has no key '([^']+)'");
    private final ModuleRegistry registry;
    private final Set<String> secrets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** See {@link Checked#itemControls}: tasks are checked one host at a time, on one thread. */
    private final Map<Task, Set<Control>> itemControls = new IdentityHashMap<>();
    private final Expressions ex;
    private final RunOptions opts;

    public Preflight(ModuleRegistry registry, Expressions ex, RunOptions opts) {
        this.registry = registry;
        this.ex = ex;
        this.opts = opts;
    }

    /** What the run needs from the checks: each play's hosts and vars files. */
    /**
     * The values of module arguments declared secret, as far as they are known before the run:
     * hidden from every message from the first one on, a failed check's included.
     */
    public Set<String> secrets() {
        return Set.copyOf(secrets);
    }

    public static final class Checked {
        private Set<String> secrets = Set.of();

        /** See {@link Preflight#secrets()}. */
        public Set<String> secrets() {
            return Set.copyOf(secrets);
        }

        private final Map<Play, List<Host>> hosts = new IdentityHashMap<>();
        private final Map<Play, Map<String, Object>> varsFiles = new IdentityHashMap<>();
        private final Map<Play, Map<String, Map<String, Object>>> groupVars = new IdentityHashMap<>();
        private final Set<Host> all = new LinkedHashSet<>();
        private Map<Task, Set<Control>> itemControls = Map.of();

        public List<Host> hosts(Play play) {
            return hosts.get(play);
        }

        /**
         * The controls a task's loop items name under {@code control}, on any host, as far as its
         * items are known before the run: so that verify can list them where the task never runs.
         */
        public Set<Control> itemControls(Task task) {
            return itemControls.getOrDefault(task, Set.of());
        }

        /** The playbook's {@code group_vars/} as read before the run, by group. */
        public Map<String, Map<String, Object>> groupVars(Play play) {
            return groupVars.getOrDefault(play, Map.of());
        }

        public Map<String, Object> varsFiles(Play play) {
            return varsFiles.get(play);
        }

        public List<Host> allHosts() {
            return List.copyOf(all);
        }
    }

    /** Thrown with every problem found, each one line naming file, line and key (and host where it matters). */
    public static final class BadInput extends Exception {
        private final List<String> problems;

        public BadInput(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public Checked check(Playbook playbook, Inventory inventory) throws BadInput {
        Problems problems = new Problems();
        Checked checked = new Checked();
        checked.secrets = secrets;
        checked.itemControls = itemControls;
        Set<String> limit = null;
        if (opts.limit() != null) {
            try {
                limit = new HashSet<>();
                for (Host h : inventory.select(opts.limit())) limit.add(h.name());
            } catch (InventoryException e) {
                problems.add("--limit: " + e.getMessage(), null);
            }
        }
        Set<String> runtime = runtimeNames(playbook, opts.vault());
        boolean factsAtRunTime = runtime.contains("ansible_facts");
        for (Play play : playbook.plays()) {
            List<Host> hosts = new ArrayList<>();
            try {
                for (Host h : inventory.select(play.hosts())) {
                    if (limit == null || limit.contains(h.name())) hosts.add(h);
                }
            } catch (InventoryException e) {
                problems.add(play.location() + ": hosts: " + e.getMessage(), null);
            }
            checked.hosts.put(play, hosts);
            checked.all.addAll(hosts);
            Map<String, Object> filesVars = new LinkedHashMap<>();
            for (String f : play.varsFiles()) {
                try {
                    filesVars.putAll(PlaybookLoader.readVarsFile(play.baseDir().resolve(f), opts.vault()));
                } catch (PlaybookException e) {
                    problems.add(play.location() + ": vars_files: " + e.getMessage(), null);
                }
            }
            checked.varsFiles.put(play, filesVars);
            Set<String> handlerNames = new HashSet<>();
            for (Task h : play.handlers()) {
                handlerNames.addAll(h.handlerNames());
            }
            Map<String, Map<String, Object>> groupVars;
            try {
                groupVars = PlayVars.playbookGroupVars(play, inventory, opts.vault());
            } catch (dev.bollard.inventory.InventoryException e) {
                problems.add(e.getMessage(), null);
                continue;
            }
            checked.groupVars.put(play, groupVars);
            PlayVars vars = new PlayVars(ex, inventory, play, filesVars, groupVars, opts, hosts.stream().map(Host::name).toList(), Map.of());
            if (play.gatherFacts()) checkGathering(play, problems);
            List<Task> all = new ArrayList<>(play.tasks());
            all.addAll(play.handlers());
            for (Task task : all) {
                for (String n : task.notifies()) {
                    if (!handlerNames.contains(n)) {
                        problems.add(task.location() + ": notify '" + n + "' matches no handler of this play"
                                + (handlerNames.isEmpty() ? "" : " (handlers: " + String.join(", ", new java.util.TreeSet<>(handlerNames)) + ")"), null);
                    }
                }
                if (Actions.NAMES.contains(task.module())) {
                    try {
                        Actions.check(task);
                    } catch (ArgsException e) {
                        problems.add(task.lineOf(e.key()) + ": task '" + task.displayName() + "': " + e.getMessage(), null);
                    }
                }
                for (String p : names(task)) problems.add(p, null);
                if (task.module().equals("template") && task.args().get("src") instanceof String src && !Expressions.isTemplate(src)) {
                    try {
                        java.nio.file.Path file = PlaybookFiles.of(task, play.baseDir(), ex, Map.of(), opts.vault()).resolve(src);
                        for (String p : templateProblems(task, file)) problems.add(p, null);
                    } catch (dev.bollard.spi.ModuleFailure e) {
                        problems.add(task.lineOf("src") + ": task '" + task.displayName() + "': " + e.getMessage(), null);
                    }
                }
                if (task.module().equals("copy") && task.args().get("src") instanceof String src && !Expressions.isTemplate(src)
                        && !List.of("false", "no", "off", "0").contains(String.valueOf(task.args().get("decrypt")).toLowerCase(java.util.Locale.ROOT))) {
                    // a vault-encrypted src must open with the passwords given, before any host is touched
                    // (a file missing now may be written by an earlier task: the run judges that)
                    try {
                        java.nio.file.Path file = PlaybookFiles.of(task, play.baseDir(), ex, Map.of(), opts.vault()).resolve(src);
                        try {
                            PlaybookFiles.read(file, opts.vault());
                        } catch (dev.bollard.spi.ModuleFailure e) {
                            problems.add(task.lineOf("src") + ": task '" + task.displayName() + "': " + e.getMessage(), null);
                        }
                    } catch (dev.bollard.spi.ModuleFailure missing) {
                        // left for the run
                    }
                }
                if (task.delegateTo() instanceof String to && !Expressions.isTemplate(to)
                        && !TaskRunner.LOCALHOST.contains(to) && inventory.hosts().stream().noneMatch(x -> x.name().equals(to))) {
                    problems.add(task.location() + ": task '" + task.displayName() + "': delegate_to: '" + to
                            + "' is not a host of the inventory (nor localhost)", null);
                }
                for (Host host : hosts) checkTask(task, new HostRun(host), vars, runtime, factsAtRunTime, problems, play);
            }
        }
        if (!problems.isEmpty()) throw new BadInput(problems.lines());
        return checked;
    }

    /**
     * Unknown filters, tests and lookups anywhere in the task, found whatever its condition, so a
     * misspelt name in a task that is skipped today is not left for the day it runs.
     */
    private List<String> names(Task task) {
        List<String> out = new ArrayList<>();
        String where = task.location() + ": task '" + task.displayName() + "'";
        addNames(out, where + ": when", task.when(), true);
        addNames(out, where + ": changed_when", task.changedWhen(), true);
        addNames(out, where + ": failed_when", task.failedWhen(), true);
        if (task.retry() != null) addNames(out, where + ": until", task.retry().until(), true);
        addNames(out, where + ": environment", task.environment(), false);
        addNames(out, where + ": name", task.name(), false);
        addNames(out, where + ": vars", task.vars(), false);
        addNames(out, where + ": verify", task.verify(), false);
        if (task.loop() != null) {
            addNames(out, where + ": " + task.loop().kind(), task.loop().source(), false);
            addNames(out, where + ": loop_control label", task.loop().label(), false);
        }
        for (Map.Entry<String, Object> e : task.args().entrySet()) {
            boolean bare = task.module().equals("assert") && e.getKey().equals("that") || task.module().equals("debug") && e.getKey().equals("var");
            addNames(out, task.lineOf(e.getKey()) + ": task '" + task.displayName() + "': argument '" + e.getKey() + "'", e.getValue(), bare);
        }
        return out;
    }

    /** A loop item's {@code control} key (read by verify's report) must name controls, in every mode, so a typo is found before the run. */
    private void checkItemControls(Task task, List<Object> items, String where, HostRun h, Problems problems) {
        for (int i = 0; i < items.size(); i++) {
            try {
                List<Control> named = Control.ofItem(items.get(i));
                if (!named.isEmpty()) itemControls.computeIfAbsent(task, k -> new java.util.TreeSet<>()).addAll(named);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": loop item " + (i + 1) + " (" + TaskRunner.label(items.get(i)) + "): " + e.getMessage(), h.name());
            }
        }
    }

    private void addNames(List<String> out, String where, Object value, boolean bare) {
        if (value == null || value instanceof Boolean) return;
        for (String p : ex.problems(value, bare)) out.add(where + ": " + p);
    }

    private void checkTask(Task task, HostRun h, PlayVars playVars, Set<String> runtime, boolean factsAtRunTime,
                           Problems problems, Play play) {
        java.nio.file.Path baseDir = play.baseDir();
        Map<String, Object> vars = playVars.forTask(h, task, Map.of());
        // no host has facts yet: left undefined, so that what reads them is left for the run to judge
        if (factsAtRunTime) vars.remove("ansible_facts");
        for (Map.Entry<String, Object> e : task.args().entrySet()) {
            String hint = FreeMarkerLeftovers.hint(e.getValue(), vars.keySet());
            if (hint != null) problems.add(task.lineOf(e.getKey()) + ": task '" + task.displayName() + "': argument '" + e.getKey() + "': " + hint, null);
        }
        String where = task.location() + ": task '" + task.displayName() + "'";
        if (task.when() != null) {
            try {
                if (!ex.test(task.when(), vars)) return;
            } catch (ExpressionException e) {
                if (!atRunTime(e, runtime) && !readsRunTimeVariable(task.when(), vars, runtime)) {
                    problems.add(where + ": when: " + e.getMessage(), h.name());
                    return;
                }
            }
        }
        List<Object> items = null;
        boolean itemsKnown = true;
        if (task.loop() != null) {
            try {
                items = LoopItems.items(task.loop(), ex, vars, baseDir);
            } catch (ExpressionException e) {
                if (!atRunTime(e, runtime) && !readsRunTimeVariable(task.loop().source(), vars, runtime)) {
                    problems.add(where + ": " + task.loop().kind() + ": " + e.getMessage(), h.name());
                }
                itemsKnown = false;
            }
        }
        if (items != null) checkItemControls(task, items, where, h, problems);
        List<Integer> each = items == null ? java.util.Collections.singletonList(null) : items.isEmpty() ? List.of() : List.of(0);
        for (Integer index : each) {
            Map<String, Object> itemVars = vars;
            if (items != null) itemVars = LoopItems.itemVars(task.loop(), vars, items, index);
            boolean lenient = !itemsKnown;
            Map<String, Object> args = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : task.args().entrySet()) {
                if (Actions.NAMES.contains(task.module()) && Actions.RAW_KEYS.contains(e.getKey())) continue;
                try {
                    Object v = ex.resolve(e.getValue(), itemVars);
                    if (!PlayVars.OMIT.equals(v)) args.put(e.getKey(), v);
                } catch (ExpressionException err) {
                    if (atRunTime(err, runtime) || err.undefined() != null && !itemsKnown
                            || readsRunTimeVariable(e.getValue(), itemVars, runtime)) {
                        lenient = true;
                        args.put(e.getKey(), e.getValue());
                    } else {
                        problems.add(task.lineOf(e.getKey()) + ": task '" + task.displayName() + "': argument '" + e.getKey() + "': " + err.getMessage(), h.name());
                        return;
                    }
                }
            }
            for (String probe : task.verify()) {
                try {
                    ex.render(probe, itemVars);
                } catch (ExpressionException err) {
                    if (!atRunTime(err, runtime)) {
                        problems.add(where + ": verify: " + err.getMessage(), h.name());
                    }
                }
            }
            Module<?> module = registry.find(task.module()).orElse(null);
            if (module == null) continue;
            try {
                Args bound = Args.bind(module, args, lenient);
                for (String key : module.spec().secrets()) {
                    if (bound.raw(key) != null && !Expressions.isTemplate(String.valueOf(bound.raw(key)))) secrets.add(String.valueOf(bound.raw(key)));
                }
                module.parse(bound);
            } catch (ArgsException e) {
                problems.add(task.lineOf(e.key()) + ": task '" + task.displayName() + "': " + e.getMessage(), null);
                return;
            }
            if (module.name().equals("template") && !lenient && args.get("src") instanceof String src) {
                checkTemplate(task, src, PlaybookFiles.of(task, baseDir, ex, itemVars, opts.vault()), itemVars, runtime, problems, h);
            }
        }
    }

    /** The play's gather_subset, checked as setup's argument before anything runs. */
    private void checkGathering(Play play, Problems problems) {
        Task gathering = FactGathering.task(play);
        Module<?> setup = registry.find(gathering.module()).orElse(null);
        if (setup == null) return;
        try {
            setup.parse(Args.bind(setup, gathering.args(), false));
        } catch (ArgsException e) {
            problems.add(play.location() + ": play '" + play.displayName() + "': " + e.getMessage(), null);
        }
    }

    /** Unknown names and syntax errors in a template file, whether or not its task runs. */
    private List<String> templateProblems(Task task, java.nio.file.Path file) {
        if (file.toString().endsWith(".ftl")) return List.of();
        try {
            List<String> out = new ArrayList<>();
            for (String p : ex.problems(PlaybookFiles.readText(file, opts.vault()), false)) {
                out.add(file + ": " + p + " (template of task '" + task.displayName() + "' at " + task.location() + ")");
            }
            return out;
        } catch (dev.bollard.spi.ModuleFailure e) {
            return List.of(task.lineOf("src") + ": task '" + task.displayName() + "': template " + file + ": " + e.getMessage());
        }
    }

    /** Renders a task's template with the host's variables, so that its mistakes show before anything runs. */
    private void checkTemplate(Task task, String src, PlaybookFiles files, Map<String, Object> vars, Set<String> runtime,
                               Problems problems, HostRun h) {
        java.nio.file.Path file;
        try {
            file = files.resolve(src);
        } catch (dev.bollard.spi.ModuleFailure e) {
            problems.add(task.lineOf("src") + ": task '" + task.displayName() + "': " + e.getMessage(), null);
            return;
        }
        String text;
        try {
            text = PlaybookFiles.readText(file, opts.vault());
        } catch (dev.bollard.spi.ModuleFailure e) {
            // reported by templateProblems
            return;
        }
        for (String p : templateProblems(task, file)) problems.add(p, null);
        java.util.regex.Matcher word = WORD.matcher(text);
        while (word.find()) {
            // a variable only the run defines (set_fact, register): the run judges this template
            if (runtime.contains(word.group()) && !vars.containsKey(word.group())) return;
        }
        try {
            ex.renderFile(file.getFileName().toString(), text, vars);
        } catch (ExpressionException e) {
            if (atRunTime(e, runtime)) return;
            String line = e.line() > 0 ? ":" + e.line() : "";
            problems.add(file + line + ": " + e.getMessage().replaceFirst("^line \\d+: ", "") + " (template of task '" + task.displayName() + "' at " + task.location() + ")", h.name());
        }
    }

    /**
     * Whether an error is about a name only the run defines: an undefined variable, or a key missing
     * from a mapping such as {@code hostvars[host]} (another host's facts or registered results).
     */
    /**
     * Whether {@code value} reads a variable holding a mapping or list that is still unrendered
     * because it reads a name only the run defines ({@code files: ["{{ ansible_facts.distribution }}.yml"]}
     * handed whole to a lookup or filter): such a value can only be judged at run time.
     */
    private boolean readsRunTimeVariable(Object value, Map<String, Object> vars, Set<String> runtime) {
        String text = String.valueOf(value);
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?>) && !(e.getValue() instanceof List<?>)) continue;
            if (!java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(e.getKey()) + "\\b").matcher(text).find()) continue;
            try {
                ex.resolve(e.getValue(), vars);
            } catch (ExpressionException err) {
                if (atRunTime(err, runtime)) return true;
            }
        }
        return false;
    }

    private static boolean atRunTime(ExpressionException e, Set<String> runtime) {
        if (e.undefined() != null) return runtime.contains(e.undefined());
        java.util.regex.Matcher key = MISSING_KEY.matcher(String.valueOf(e.getMessage()));
        return key.find() && runtime.contains(key.group(1));
    }

    /**
     * Names only the run defines: loop variables, registered results, set_fact names, and the facts
     * of hosts when a play gathers them or a task reads some ({@code setup}, {@code package_facts}).
     */
    private Set<String> runtimeNames(Playbook playbook, dev.bollard.vault.VaultSecrets vault) {
        Set<String> names = new HashSet<>(Set.of("item", "result", "ansible_loop", "ansible_loop_var", "ansible_index_var",
                "ansible_failed_task", "ansible_failed_result"));
        for (Play p : playbook.plays()) {
            List<Task> all = new ArrayList<>(p.tasks());
            all.addAll(p.handlers());
            if (p.gatherFacts()) all.add(FactGathering.task(p));
            for (Task t : all) {
                Set<String> facts = registry.find(t.module()).map(Module::factNames).orElse(Set.of());
                if (!facts.isEmpty()) {
                    names.add("ansible_facts");
                    names.addAll(facts);
                }
                if (t.loop() != null) {
                    names.add(t.loop().loopVar());
                    if (t.loop().indexVar() != null) names.add(t.loop().indexVar());
                }
                if (t.register() != null) names.add(t.register());
                if (t.module().equals("set_fact")) names.addAll(t.args().keySet());
                if (t.module().equals("include_vars")) names.addAll(IncludeVars.possibleNames(t, p.baseDir(), vault));
            }
        }
        return names;
    }

    /** Problems in the order found, each once, naming the hosts it was seen on. */
    private static final class Problems {
        private final Map<String, List<String>> byMessage = new LinkedHashMap<>();

        void add(String message, String host) {
            List<String> hosts = byMessage.computeIfAbsent(message, k -> new ArrayList<>());
            if (host != null) hosts.add(host);
        }

        boolean isEmpty() {
            return byMessage.isEmpty();
        }

        List<String> lines() {
            List<String> out = new ArrayList<>();
            byMessage.forEach((msg, hosts) -> {
                if (hosts.isEmpty()) out.add(msg);
                else out.add(msg + " (host " + hosts.get(0) + (hosts.size() > 1 ? " and " + (hosts.size() - 1) + " more" : "") + ")");
            });
            return out;
        }
    }

}
