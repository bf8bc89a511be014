package dev.bollard.playbook;

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
            "with_together", "with_fileglob", "loop_control", "register", "notify",
            "changed_when", "failed_when", "ignore_errors", "tags", "become", "become_user", "verify", "check_mode",
            "no_log", "vars", "args", "listen");
    private static final Set<String> FREE_FORM_CMD = Set.of("command", "shell");
    private static final List<String> PREFIXES = List.of("ansible.builtin.", "ansible.posix.", "community.general.",
            "ansible.legacy.");
    private final Set<String> known;
    private final VaultSecrets vault;

    TaskReader(Set<String> knownModules, VaultSecrets vault) {
        this.known = knownModules;
        this.vault = vault;
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
            if (include != null) {
                out.addAll(readInclude(include, keys, file, where, including));
            } else {
                out.add(readTask(keys, m, file, where));
            }
        }
        return out;
    }

    private List<Task> readInclude(String key, Map<String, Node> keys, Path file, Location where, Set<Path> including)
            throws PlaybookException {
        String target = Nodes.scalar(keys.get(key), file, key);
        if ((target.contains("{{") || target.contains("{%"))) throw new PlaybookException(where, key + " needs a plain file name; expressions are not supported there");
        if (keys.get(key) instanceof MappingNode) {
            throw new PlaybookException(where, key + " with arguments (file:, apply:) is not supported yet; write '" + key + ": FILE'");
        }
        for (String k : keys.keySet()) {
            if (!Set.of(key, "name", "when", "tags", "become", "become_user").contains(k)) {
                throw new PlaybookException(new Location(file, BollardYaml.line(keys.get(k))), "'" + k + "' is not supported on " + key);
            }
        }
        Path other = file.getParent().resolve(target).normalize();
        if (!including.add(other)) throw new PlaybookException(where, key + " of " + target + " includes itself");
        Node root = PlaybookLoader.parse(other, vault);
        List<Task> tasks = readList(root, other, including);
        including.remove(other);
        Object when = keys.containsKey("when") ? BollardYaml.toJava(keys.get("when")) : null;
        Set<String> tags = new LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"));
        Boolean become = Nodes.bool(keys.get("become"), file, "become");
        String becomeUser = keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null;
        List<Task> out = new ArrayList<>();
        for (Task t : tasks) out.add(t.inherit(when, tags, become, becomeUser));
        return out;
    }

    private Task readTask(Map<String, Node> keys, MappingNode node, Path file, Location where) throws PlaybookException {
        List<String> candidates = new ArrayList<>();
        for (String k : keys.keySet()) {
            if (k.startsWith("with_") && !TASK_KEYS.contains(k)) {
                throw new PlaybookException(new Location(file, keyLine(node, k)), "'" + k + "' is not available in Bollard; write the loop with "
                        + "'loop:' and a filter (Bollard has: " + String.join(", ", new TreeSet<>(Loop.KINDS)) + ")");
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
                Nodes.stringList(keys.get("listen"), file, "listen"));
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
