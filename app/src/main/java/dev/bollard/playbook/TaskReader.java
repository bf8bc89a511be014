package dev.bollard.playbook;

import dev.bollard.spi.Suggest;

import dev.bollard.playbook.PlaybookLoader.Nodes;
import dev.bollard.vault.VaultSecrets;
import dev.bollard.yaml.BollardYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one list of tasks, following {@code import_tasks} / {@code include_tasks} into other files. */
final class TaskReader {
    static final Set<String> TASK_KEYS = Set.of("name", "when", "loop", "with_items", "with_list", "with_dict",
            "with_together", "with_fileglob", "loop_control", "register", "notify", "until", "retries", "delay", "environment",
            "changed_when", "failed_when", "ignore_errors", "tags", "become", "become_user", "verify", "check_mode",
            "no_log", "vars", "args", "listen", "delegate_to", "run_once", "remote_user");
    /** Task keywords of Ansible that Bollard does not have: refused by name rather than taken for a module. */
    private static final Set<String> ANSIBLE_ONLY_KEYWORDS = Set.of("delegate_facts", "async", "poll",
            "throttle", "any_errors_fatal", "connection", "local_action", "become_method", "become_flags",
            "collections", "debugger", "diff", "module_defaults", "timeout", "port", "become_exe", "action");
    /** Ansible modules Bollard refuses by name, with what to write instead. */
    private static final Map<String, String> REFUSED_MODULES = Map.of(
            "pip", "install Python packages from Debian (apt: python3-NAME) or with a command task");
    private static final Set<String> FREE_FORM_CMD = Set.of("command", "shell");
    /** Modules whose one free-form value is a file: {@code include_vars: vars/debian.yml}. */
    private static final Set<String> FREE_FORM_FILE = Set.of("include_vars");
    private static final List<String> PREFIXES = List.of("ansible.builtin.", "ansible.posix.", "community.general.",
            "ansible.legacy.");
    private final Set<String> known;
    private final VaultSecrets vault;
    private RoleLoader roles;

    TaskReader(Set<String> knownModules, VaultSecrets vault) {
        this.known = knownModules;
        this.vault = vault;
    }

    /** Where import_role / include_role find their roles. */
    void roles(RoleLoader loader) {
        this.roles = loader;
    }

    List<Task> readList(Node node, Path file, Set<Path> including) throws PlaybookException {
        List<Task> out = new ArrayList<>();
        if (node == null) return out;
        Object asJava = BollardYaml.toJava(node);
        if (asJava == null) return out;
        if (!(node instanceof SequenceNode list)) {
            throw new PlaybookException(new Location(file, BollardYaml.line(node)), "tasks must be a list (each task starts with '- ')");
        }
        for (Node item : list.getValue()) {
            Location where = new Location(file, BollardYaml.line(item));
            if (!(item instanceof MappingNode m)) throw new PlaybookException(where, "a task is a mapping such as '- name: ...' with one module");
            Map<String, Node> keys = Nodes.keys(m, file);
            String include = null;
            for (String k : keys.keySet()) {
                if (strip(k).equals("import_tasks") || strip(k).equals("include_tasks")) include = k;
            }
            String role = null;
            for (String k : keys.keySet()) {
                if (strip(k).equals("import_role") || strip(k).equals("include_role")) role = k;
            }
            if (keys.containsKey("block")) {
                out.addAll(readBlock(keys, file, where, including));
            } else if (include != null) {
                out.addAll(readInclude(include, keys, file, where, including));
            } else if (role != null) {
                out.addAll(readRole(role, keys, file, where));
            } else {
                out.add(readTask(keys, m, file, where));
            }
        }
        return out;
    }

    private List<Task> readInclude(String key, Map<String, Node> keys, Path file, Location where, Set<Path> including)
            throws PlaybookException {
        String target;
        if (keys.get(key) instanceof MappingNode m) {
            Map<String, Node> spec = Nodes.keys(m, file);
            for (String k : spec.keySet()) {
                if (!k.equals("file")) throw new PlaybookException(new Location(file, BollardYaml.line(spec.get(k))), key + " '" + k + "' is not available in Bollard (it takes file:)");
            }
            if (!spec.containsKey("file")) throw new PlaybookException(where, key + " needs 'file:'");
            target = Nodes.scalar(spec.get("file"), file, "file");
        } else {
            target = Nodes.scalar(keys.get(key), file, key);
        }
        for (String k : keys.keySet()) {
            if (!Set.of(key, "name", "when", "tags", "become", "become_user", "vars").contains(k)) {
                throw new PlaybookException(new Location(file, BollardYaml.line(keys.get(k))), "'" + k + "' is not supported on " + key);
            }
        }
        if (target.contains("{{") || target.contains("{%")) {
            if (strip(key).equals("import_tasks")) throw new PlaybookException(where, "import_tasks needs a plain file name (it is read with the playbook); use include_tasks for a name known only at run time");
            return List.of(dynamicInclude(keys, target, file, where));
        }
        Path other = Locations.resolve(file.getParent(), target, where, key);
        if (!including.add(other)) throw new PlaybookException(where, key + " of " + target + " includes itself");
        if (!java.nio.file.Files.isRegularFile(other)) {
            throw new PlaybookException(where, key + " of '" + target + "': " + (java.nio.file.Files.isDirectory(other) ? "is a directory, not a task file"
                    : "no such file") + " (looked for " + Locations.display(other) + ")");
        }
        Node root = PlaybookLoader.parse(other, vault);
        List<Task> tasks = readList(root, other, including);
        including.remove(other);
        Object when = keys.containsKey("when") ? BollardYaml.toJava(keys.get("when")) : null;
        Set<String> tags = new LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"));
        Boolean become = Nodes.bool(keys.get("become"), file, "become");
        String becomeUser = keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null;
        Map<String, Object> vars = Nodes.mapping(keys.get("vars"), file, "vars");
        List<Task> out = new ArrayList<>();
        for (Task t : tasks) {
            Task inherited = t.inherit(when, tags, become, becomeUser);
            out.add(vars.isEmpty() ? inherited : inherited.withVarsBelow(vars));
        }
        return out;
    }

    /** include_tasks of a file named by an expression: a task the run expands for each host. */
    private Task dynamicInclude(Map<String, Node> keys, String target, Path file, Location where) throws PlaybookException {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("file", target);
        args.put("from", file.getParent().toString());
        return new Task(keys.containsKey("name") ? Nodes.scalar(keys.get("name"), file, "name") : "include_tasks " + target,
                "include_tasks", args, where, Map.of("file", where.line()),
                keys.containsKey("when") ? BollardYaml.toJava(keys.get("when")) : null, null, null, List.of(), null, null, Boolean.FALSE,
                Set.copyOf(new LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"))), Nodes.bool(keys.get("become"), file, "become"),
                keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null, List.of(), null, false,
                Nodes.mapping(keys.get("vars"), file, "vars"), List.of(), null, null, null, Map.of(), null, null, null);
    }

    private static final Set<String> BLOCK_KEYS = Set.of("block", "rescue", "always", "name", "when", "tags", "become",
            "become_user", "vars", "ignore_errors", "environment", "delegate_to", "run_once");

    /** block / rescue / always: their tasks in a row, each knowing its place, with the block's keywords handed down. */
    private List<Task> readBlock(Map<String, Node> keys, Path file, Location where, Set<Path> including) throws PlaybookException {
        for (String k : keys.keySet()) {
            if (!BLOCK_KEYS.contains(k)) {
                throw new PlaybookException(new Location(file, BollardYaml.line(keys.get(k))), "'" + k + "' is not supported on a block (Bollard takes: "
                        + String.join(", ", new TreeSet<>(BLOCK_KEYS)) + ")");
            }
        }
        List<Task> body = readList(keys.get("block"), file, including);
        List<Task> rescue = readList(keys.get("rescue"), file, including);
        List<Task> always = readList(keys.get("always"), file, including);
        Block block = new Block(where, !rescue.isEmpty(), !always.isEmpty());
        Object when = keys.containsKey("when") ? BollardYaml.toJava(keys.get("when")) : null;
        Set<String> tags = new LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"));
        Boolean become = Nodes.bool(keys.get("become"), file, "become");
        String becomeUser = keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null;
        Map<String, Object> vars = Nodes.mapping(keys.get("vars"), file, "vars");
        Object ignore = Nodes.boolOrExpression(keys.get("ignore_errors"), file, "ignore_errors");
        Map<String, Object> env = Nodes.mapping(keys.get("environment"), file, "environment");
        String delegateTo = delegateTo(keys, file);
        Object runOnce = Nodes.boolOrExpression(keys.get("run_once"), file, "run_once");
        List<Task> out = new ArrayList<>();
        for (Task t : body) out.add(t.inBlock(new Block.Scope(block, Block.Part.BODY, null), when, tags, become, becomeUser, vars, ignore, env));
        for (Task t : rescue) out.add(t.inBlock(new Block.Scope(block, Block.Part.RESCUE, null), when, tags, become, becomeUser, vars, ignore, env));
        for (Task t : always) out.add(t.inBlock(new Block.Scope(block, Block.Part.ALWAYS, null), when, tags, become, becomeUser, vars, ignore, env));
        if (delegateTo != null || runOnce != null) out.replaceAll(t -> t.delegatedBy(delegateTo, runOnce));
        return out;
    }

    /** import_role / include_role: the role's tasks in place, read when the playbook is (as import_role). */
    private List<Task> readRole(String key, Map<String, Node> keys, Path file, Location where) throws PlaybookException {
        Object spec = BollardYaml.toJava(keys.get(key));
        if (!(spec instanceof Map<?, ?> m) || !m.containsKey("name")) throw new PlaybookException(where, key + " needs 'name:' (the role)");
        for (Object k : m.keySet()) {
            if (!Set.of("name", "tasks_from", "defaults_from", "vars_from", "handlers_from", "public", "apply").contains(String.valueOf(k))) {
                throw new PlaybookException(where, "'" + k + "' is not supported on " + key);
            }
            if (Set.of("vars_from", "handlers_from", "apply").contains(String.valueOf(k))) {
                throw new PlaybookException(where, key + " '" + k + "' is not available in Bollard yet");
            }
        }
        for (String k : keys.keySet()) {
            if (!Set.of(key, "name", "when", "tags", "become", "become_user", "vars").contains(k)) {
                throw new PlaybookException(new Location(file, BollardYaml.line(keys.get(k))), "'" + k + "' is not supported on " + key);
            }
        }
        if (String.valueOf(m.get("name")).contains("{{")) throw new PlaybookException(where, key + " needs a plain role name; expressions are not supported there");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("role", String.valueOf(m.get("name")));
        for (String k : List.of("when", "tags", "become", "become_user", "vars")) {
            if (keys.containsKey(k)) entry.put(k, BollardYaml.toJava(keys.get(k)));
        }
        Path playbookDir = file.getParent();
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("roles")) {
                playbookDir = p.getParent();
                break;
            }
        }
        RoleLoader.Loaded loaded = roles.load(entry, playbookDir, where, new java.util.HashSet<>(),
                m.get("tasks_from") == null ? null : String.valueOf(m.get("tasks_from")),
                m.get("defaults_from") == null ? null : String.valueOf(m.get("defaults_from")), Map.of());
        roles.imported(loaded);
        return loaded.tasks();
    }

    private Task readTask(Map<String, Node> keys, MappingNode node, Path file, Location where) throws PlaybookException {
        List<String> candidates = new ArrayList<>();
        for (String k : keys.keySet()) {
            if (k.startsWith("with_") && !TASK_KEYS.contains(k)) {
                throw new PlaybookException(new Location(file, keyLine(node, k)), "'" + k + "' is not available in Bollard; write the loop with "
                        + "'loop:' and a filter (Bollard has: " + String.join(", ", new TreeSet<>(Loop.KINDS)) + ")");
            }
            if (ANSIBLE_ONLY_KEYWORDS.contains(k)) {
                throw new PlaybookException(new Location(file, keyLine(node, k)), "task keyword '" + k + "' is not available in Bollard");
            }
            if (!TASK_KEYS.contains(k)) candidates.add(k);
        }
        if (candidates.isEmpty()) throw new PlaybookException(where, "task has no module (known modules: " + String.join(", ", new TreeSet<>(known)) + ")");
        if (candidates.size() > 1) {
            List<String> unknown = candidates.stream().filter(c -> !known.contains(strip(c))).toList();
            String culprit = unknown.isEmpty() ? candidates.get(1) : unknown.get(0);
            throw new PlaybookException(new Location(file, keyLine(node, culprit)),
                    "task has more than one module or an unknown keyword: " + String.join(", ", candidates)
                            + " (task keywords: " + String.join(", ", new TreeSet<>(TASK_KEYS)) + ")");
        }
        String written = candidates.get(0);
        String module = strip(written);
        Node argsNode = keys.get(written);
        if (!known.contains(module) && REFUSED_MODULES.containsKey(module)) {
            throw new PlaybookException(new Location(file, keyLine(node, written)), "module " + written + " is not available in Bollard: "
                    + REFUSED_MODULES.get(module));
        }
        if (!known.contains(module) && written.indexOf('.') > 0) {
            throw new PlaybookException(new Location(file, keyLine(node, written)), "module " + written + " is not available in Bollard"
                    + Suggest.closest(module, known) + " (Bollard's modules: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
        if (!known.contains(module)) {
            throw new PlaybookException(new Location(file, keyLine(node, written)),
                    "unknown module '" + written + "'" + Suggest.closest(module, known) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        Map<String, Integer> argLines = new LinkedHashMap<>();
        readArgs(module, argsNode, file, args, argLines);
        if (keys.containsKey("args")) readArgs(module, keys.get("args"), file, args, argLines);
        Loop loop = readLoop(keys, node, file, where);
        String register = keys.containsKey("register") ? Nodes.scalar(keys.get("register"), file, "register") : null;
        if (register != null && !register.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new PlaybookException(new Location(file, BollardYaml.line(keys.get("register"))), "'register' must be a variable name, not '" + register + "'");
        }
        Object ignore = Nodes.boolOrExpression(keys.get("ignore_errors"), file, "ignore_errors");
        Boolean noLog = Nodes.bool(keys.get("no_log"), file, "no_log");
        return new Task(
                keys.containsKey("name") ? Nodes.scalar(keys.get("name"), file, "name") : null,
                module, args, where, argLines,
                keys.containsKey("when") ? BollardYaml.toJava(keys.get("when")) : null,
                loop, register,
                Nodes.stringList(keys.get("notify"), file, "notify"),
                keys.containsKey("changed_when") ? BollardYaml.toJava(keys.get("changed_when")) : null,
                keys.containsKey("failed_when") ? BollardYaml.toJava(keys.get("failed_when")) : null,
                ignore == null ? Boolean.FALSE : ignore,
                Set.copyOf(new LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"))),
                Nodes.bool(keys.get("become"), file, "become"),
                keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null,
                Nodes.stringList(keys.get("verify"), file, "verify"),
                Nodes.bool(keys.get("check_mode"), file, "check_mode"),
                noLog != null && noLog,
                Nodes.mapping(keys.get("vars"), file, "vars"),
                Nodes.stringList(keys.get("listen"), file, "listen"), null, null, readRetry(keys, node, file),
                Nodes.mapping(keys.get("environment"), file, "environment"),
                delegateTo(keys, file), Nodes.boolOrExpression(keys.get("run_once"), file, "run_once"),
                keys.containsKey("remote_user") ? Nodes.scalar(keys.get("remote_user"), file, "remote_user") : null);
    }

    /** {@code delegate_to}: a host name, or an expression giving one for each host and loop item. */
    private static String delegateTo(Map<String, Node> keys, Path file) throws PlaybookException {
        if (!keys.containsKey("delegate_to")) return null;
        String host = Nodes.scalar(keys.get("delegate_to"), file, "delegate_to");
        if (host == null || host.isBlank()) throw new PlaybookException(new Location(file, BollardYaml.line(keys.get("delegate_to"))), "delegate_to needs a host name");
        return host;
    }

    private static Retry readRetry(Map<String, Node> keys, MappingNode node, Path file) throws PlaybookException {
        if (!keys.containsKey("until")) {
            for (String k : List.of("retries", "delay")) {
                if (keys.containsKey(k)) throw new PlaybookException(new Location(file, keyLine(node, k)), "'" + k + "' needs 'until' on the same task");
            }
            return null;
        }
        return new Retry(BollardYaml.toJava(keys.get("until")), keys.containsKey("retries") ? BollardYaml.toJava(keys.get("retries")) : 3,
                keys.containsKey("delay") ? BollardYaml.toJava(keys.get("delay")) : 5);
    }

    private static Loop readLoop(Map<String, Node> keys, MappingNode node, Path file, Location where) throws PlaybookException {
        List<String> kinds = keys.keySet().stream().filter(Loop.KINDS::contains).toList();
        if (kinds.size() > 1) {
            throw new PlaybookException(new Location(file, keyLine(node, kinds.get(1))), "a task has one loop, not " + String.join(" and ", kinds));
        }
        Map<String, Object> control = Nodes.mapping(keys.get("loop_control"), file, "loop_control");
        if (kinds.isEmpty()) {
            if (keys.containsKey("loop_control")) throw new PlaybookException(new Location(file, keyLine(node, "loop_control")), "loop_control needs a loop on the same task");
            return null;
        }
        for (String k : control.keySet()) {
            if (!Loop.CONTROL_KEYS.contains(k)) {
                throw new PlaybookException(new Location(file, keyLine(node, "loop_control")), "unknown loop_control key '" + k + "'"
                        + Suggest.closest(k, Loop.CONTROL_KEYS) + " (known: " + String.join(", ", new TreeSet<>(Loop.CONTROL_KEYS)) + ")");
            }
        }
        try {
            return Loop.of(kinds.get(0), BollardYaml.toJava(keys.get(kinds.get(0))), control);
        } catch (NumberFormatException e) {
            throw new PlaybookException(new Location(file, keyLine(node, "loop_control")), "loop_control pause must be a number of seconds");
        }
    }

    private static void readArgs(String module, Node node, Path file, Map<String, Object> args, Map<String, Integer> lines)
            throws PlaybookException {
        if (node == null) return;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                args.put(k, BollardYaml.toJava(t.getValueNode()));
                lines.put(k, BollardYaml.line(t.getKeyNode()));
            }
            return;
        }
        if (node instanceof ScalarNode s) {
            String text = s.getValue();
            if (text.isEmpty() && BollardYaml.toJava(s) == null) return;
            int line = BollardYaml.line(s);
            if (FREE_FORM_CMD.contains(module)) {
                args.put("cmd", text);
                lines.put("cmd", line);
            } else if (FREE_FORM_FILE.contains(module) && !text.contains("=")) {
                args.put("file", text);
                lines.put("file", line);
            } else if (module.equals("meta")) {
                args.put("action", text);
                lines.put("action", line);
            } else {
                for (Map.Entry<String, String> kv : KeyValues.parse(text, new Location(file, line)).entrySet()) {
                    args.put(kv.getKey(), kv.getValue());
                    lines.put(kv.getKey(), line);
                }
            }
            return;
        }
        throw new PlaybookException(new Location(file, BollardYaml.line(node)), "arguments of " + module + " must be a mapping");
    }

    private static int keyLine(MappingNode node, String key) {
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return BollardYaml.line(k);
        }
        return BollardYaml.line(node);
    }

    static String strip(String module) {
        for (String p : PREFIXES) {
            if (module.startsWith(p)) return module.substring(p.length());
        }
        return module;
    }
}
