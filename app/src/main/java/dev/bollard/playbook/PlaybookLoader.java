package dev.bollard.playbook;

import dev.bollard.vault.VaultSecrets;
import dev.bollard.yaml.BollardYaml;
import dev.bollard.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads playbooks and task files into {@link Playbook}s, expanding {@code import_playbook},
 * {@code import_tasks} and {@code include_tasks} as it goes. Every error names file and line.
 */
public final class PlaybookLoader {
    private static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "vars_files", "become", "become_user",
            "tasks", "handlers", "pre_tasks", "post_tasks", "gather_facts", "gather_subset", "tags", "roles", "serial",
            "any_errors_fatal", "max_fail_percentage", "vars_prompt", "remote_user");
    private final TaskReader tasks;
    private final VaultSecrets vault;
    private final RoleLoader roles;

    public PlaybookLoader(Set<String> knownModules) {
        this(knownModules, VaultSecrets.NONE);
    }

    /** A loader that opens vault-encrypted playbooks, task files and {@code !vault} values with {@code vault}. */
    public PlaybookLoader(Set<String> knownModules, VaultSecrets vault) {
        this(knownModules, vault, null);
    }

    /** {@code rolesPath}: the roles_path setting (colon-separated), or null. */
    public PlaybookLoader(Set<String> knownModules, VaultSecrets vault, String rolesPath) {
        this.tasks = new TaskReader(knownModules, vault);
        this.vault = vault;
        this.roles = new RoleLoader(tasks, RoleLoader.defaultRolesPath(rolesPath), vault);
        tasks.roles(roles);
    }

    public Playbook load(Path file) throws PlaybookException {
        List<Play> plays = new ArrayList<>();
        loadInto(file.toAbsolutePath().normalize(), plays, new HashSet<>());
        return new Playbook(file, plays, this::readTaskFile);
    }

    /** A task file an include_tasks names at run time. */
    public List<Task> readTaskFile(Path file) throws PlaybookException {
        return tasks.readList(parse(file, vault), file, new HashSet<>());
    }

    private void loadInto(Path file, List<Play> plays, Set<Path> seen) throws PlaybookException {
        if (!seen.add(file)) throw new PlaybookException(Locations.display(file) + ": imported twice (import_playbook loop?)");
        Node root = parse(file, vault);
        if (root == null) throw new PlaybookException(Locations.display(file) + ":1: the playbook is empty");
        if (!(root instanceof SequenceNode list)) {
            throw new PlaybookException(new Location(file, BollardYaml.line(root)), "a playbook is a list of plays (each starting with '- hosts:')");
        }
        for (Node item : list.getValue()) {
            Location where = new Location(file, BollardYaml.line(item));
            if (!(item instanceof MappingNode play)) throw new PlaybookException(where, "each play is a mapping with 'hosts:' and 'tasks:'");
            Map<String, Node> keys = Nodes.keys(play, file);
            if (keys.containsKey("import_playbook")) {
                String other = Nodes.scalar(keys.get("import_playbook"), file, "import_playbook");
                Path next = Locations.resolve(file.getParent(), other, new Location(file, BollardYaml.line(keys.get("import_playbook"))), "import_playbook");
                if (!Files.isRegularFile(next)) {
                    // named where the import is written: the path alone does not say which playbook asked for it
                    throw new PlaybookException(new Location(file, BollardYaml.line(keys.get("import_playbook"))), "import_playbook: '" + other
                            + "': " + (Files.isDirectory(next) ? "is a directory, not a playbook" : "no such file") + " (looked for " + next + ")");
                }
                loadInto(next, plays, seen);
                continue;
            }
            plays.add(readPlay(file, where, keys));
        }
        seen.remove(file);
    }

    private Play readPlay(Path file, Location where, Map<String, Node> keys) throws PlaybookException {
        for (Map.Entry<String, Node> e : keys.entrySet()) {
            if (!PLAY_KEYS.contains(e.getKey())) {
                throw new PlaybookException(new Location(file, BollardYaml.line(e.getValue())),
                        "unknown play keyword '" + e.getKey() + "' (known: " + String.join(", ", new java.util.TreeSet<>(PLAY_KEYS)) + ")");
            }
        }
        if (!keys.containsKey("hosts")) throw new PlaybookException(where, "play has no 'hosts:'");
        if (keys.containsKey("vars_prompt")) {
            throw new PlaybookException(new Location(file, BollardYaml.line(keys.get("vars_prompt"))),
                    "vars_prompt is not available in Bollard: pass the values with -e (or -e @file), or keep secrets in a vault-encrypted vars file");
        }
        PlayControl control = PlayControl.of(keys.containsKey("serial") ? BollardYaml.toJava(keys.get("serial")) : null,
                Nodes.bool(keys.get("any_errors_fatal"), file, "any_errors_fatal"),
                keys.containsKey("max_fail_percentage") ? BollardYaml.toJava(keys.get("max_fail_percentage")) : null, where);
        String hosts = Nodes.scalar(keys.get("hosts"), file, "hosts");
        Map<String, Object> vars = Nodes.mapping(keys.get("vars"), file, "vars");
        List<String> varsFiles = Nodes.stringList(keys.get("vars_files"), file, "vars_files");
        Boolean become = Nodes.bool(keys.get("become"), file, "become");
        String becomeUser = keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null;
        Set<String> tags = new java.util.LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"));
        List<Task> all = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        List<Role> playRoles = new ArrayList<>();
        roles.takeImported();
        List<Task> pre = tasks.readList(keys.get("pre_tasks"), file, new HashSet<>());
        all.addAll(pre);
        if (!pre.isEmpty()) all.add(flush(where, "pre_tasks"));
        Set<String> seenRoles = new HashSet<>();
        if (keys.containsKey("roles")) {
            Object list = BollardYaml.toJava(keys.get("roles"));
            if (!(list instanceof List<?> entries)) throw new PlaybookException(new Location(file, BollardYaml.line(keys.get("roles"))), "'roles' must be a list");
            Location rolesAt = new Location(file, BollardYaml.line(keys.get("roles")));
            for (Object entry : entries) {
                RoleLoader.Loaded r = roles.load(entry, file.getParent(), rolesAt, seenRoles, null, null, Map.of());
                all.addAll(r.tasks());
                handlers.addAll(r.handlers());
                playRoles.addAll(r.roles());
            }
        }
        all.addAll(tasks.readList(keys.get("tasks"), file, new HashSet<>()));
        List<Task> post = tasks.readList(keys.get("post_tasks"), file, new HashSet<>());
        if (!post.isEmpty()) {
            all.add(flush(where, "roles and tasks"));
            all.addAll(post);
        }
        handlers.addAll(tasks.readList(keys.get("handlers"), file, new HashSet<>()));
        RoleLoader.Loaded imported = roles.takeImported();
        handlers.addAll(imported.handlers());
        playRoles.addAll(imported.roles());
        // a role imported twice brings its handlers once: a handler runs once per flush
        Set<Location> seenHandlers = new HashSet<>();
        handlers.removeIf(h -> !seenHandlers.add(h.location()));
        if (!tags.isEmpty()) {
            all.replaceAll(t -> t.inherit(null, tags, null, null));
        }
        String name = keys.containsKey("name") ? Nodes.scalar(keys.get("name"), file, "name") : null;
        Boolean gather = Nodes.bool(keys.get("gather_facts"), file, "gather_facts");
        List<String> subset = new ArrayList<>();
        for (String s : Nodes.stringList(keys.get("gather_subset"), file, "gather_subset")) {
            for (String part : s.split(",")) if (!part.isBlank()) subset.add(part.strip());
        }
        return new Play(name, hosts, vars, varsFiles, become, becomeUser, all, handlers, where, file.getParent(), List.copyOf(playRoles),
                control, gather == null || gather, List.copyOf(subset),
                keys.containsKey("remote_user") ? Nodes.scalar(keys.get("remote_user"), file, "remote_user") : null);
    }

    /** Handlers notified so far run here, between pre_tasks, roles and tasks, and post_tasks, as in Ansible. */
    private static Task flush(Location where, String after) {
        return new Task("run the handlers notified by " + after, "meta", Map.of("action", "flush_handlers"), where, Map.of(), null, null,
                null, List.of(), null, null, Boolean.FALSE, Set.of("always"), null, null, List.of(), null, false, Map.of(), List.of(), null, null, null, Map.of(), null, null, null);
    }

    static Node parse(Path file, VaultSecrets vault) throws PlaybookException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PlaybookException(Locations.display(file) + ": no such file");
        } catch (IOException e) {
            throw new PlaybookException(Locations.display(file) + ": cannot read: " + e.getMessage());
        }
        try {
            return BollardYaml.compose(text, Locations.display(file), vault);
        } catch (YamlException e) {
            throw new PlaybookException(e.getMessage());
        }
    }

    /** Reads a YAML file of variables (vars_files, -e @file) into a map, opening vault data with {@code vault}. */
    public static Map<String, Object> readVarsFile(Path file, VaultSecrets vault) throws PlaybookException {
        Node root = parse(file, vault);
        if (root == null) return new LinkedHashMap<>();
        if (!(root instanceof MappingNode)) {
            throw new PlaybookException(new Location(file, BollardYaml.line(root)), "a vars file is a mapping of names to values");
        }
        return Nodes.mapping(root, file, "vars");
    }

    /** Small typed readers over snakeyaml nodes that name the key at fault. */
    static final class Nodes {
        private Nodes() {
        }

        static Map<String, Node> keys(MappingNode node, Path file) throws PlaybookException {
            Map<String, Node> keys = new LinkedHashMap<>();
            for (NodeTuple t : node.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new PlaybookException(new Location(file, BollardYaml.line(t.getKeyNode())), "keys must be plain names");
                }
                if (keys.put(k.getValue(), t.getValueNode()) != null) {
                    throw new PlaybookException(new Location(file, BollardYaml.line(k)), "key '" + k.getValue() + "' appears twice");
                }
            }
            return keys;
        }

        static String scalar(Node node, Path file, String key) throws PlaybookException {
            if (node instanceof ScalarNode s) return s.getValue();
            throw new PlaybookException(new Location(file, BollardYaml.line(node)), "'" + key + "' must be a single value");
        }

        /** A boolean, or a {@code {{ expression }}} the engine judges for each host. */
        static Object boolOrExpression(Node node, Path file, String key) throws PlaybookException {
            if (node == null) return null;
            Object v = BollardYaml.toJava(node);
            if (v instanceof String s && s.contains("{{")) return s;
            return bool(node, file, key);
        }

        static Boolean bool(Node node, Path file, String key) throws PlaybookException {
            if (node == null) return null;
            Object v = BollardYaml.toJava(node);
            if (v instanceof Boolean b) return b;
            if (v instanceof String s && s.contains("{{")) {
                throw new PlaybookException(new Location(file, BollardYaml.line(node)), "'" + key + "' must be true or false (expressions are not supported here)");
            }
            throw new PlaybookException(new Location(file, BollardYaml.line(node)), "'" + key + "' must be true or false, not '" + v + "'");
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> mapping(Node node, Path file, String key) throws PlaybookException {
            if (node == null) return new LinkedHashMap<>();
            Object v = BollardYaml.toJava(node);
            if (v == null) return new LinkedHashMap<>();
            if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw new PlaybookException(new Location(file, BollardYaml.line(node)), "'" + key + "' must be a mapping");
        }

        static List<String> stringList(Node node, Path file, String key) throws PlaybookException {
            List<String> out = new ArrayList<>();
            if (node == null) return out;
            Object v = BollardYaml.toJava(node);
            if (v == null) return out;
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map || o instanceof List) {
                        throw new PlaybookException(new Location(file, BollardYaml.line(node)), "'" + key + "' must be a list of strings");
                    }
                    out.add(String.valueOf(o));
                }
                return out;
            }
            if (v instanceof Map) throw new PlaybookException(new Location(file, BollardYaml.line(node)), "'" + key + "' must be a string or a list");
            String s = String.valueOf(v);
            if (key.equals("tags") && s.contains(",")) {
                for (String part : s.split(",")) out.add(part.strip());
            } else {
                out.add(s);
            }
            return out;
        }
    }
}
