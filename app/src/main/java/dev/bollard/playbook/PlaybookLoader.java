package dev.bollard.playbook;

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
            "tasks", "handlers", "pre_tasks", "post_tasks", "gather_facts", "gather_subset", "tags");
    private final TaskReader tasks;

    public PlaybookLoader(Set<String> knownModules) {
        this.tasks = new TaskReader(knownModules);
    }

    public Playbook load(Path file) throws PlaybookException {
        List<Play> plays = new ArrayList<>();
        loadInto(file.toAbsolutePath().normalize(), plays, new HashSet<>());
        return new Playbook(file, plays);
    }

    private void loadInto(Path file, List<Play> plays, Set<Path> seen) throws PlaybookException {
        if (!seen.add(file)) throw new PlaybookException(Locations.display(file) + ": imported twice (import_playbook loop?)");
        Node root = parse(file);
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
                Path next = file.getParent().resolve(other).normalize();
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
        String hosts = Nodes.scalar(keys.get("hosts"), file, "hosts");
        Map<String, Object> vars = Nodes.mapping(keys.get("vars"), file, "vars");
        List<String> varsFiles = Nodes.stringList(keys.get("vars_files"), file, "vars_files");
        Boolean become = Nodes.bool(keys.get("become"), file, "become");
        String becomeUser = keys.containsKey("become_user") ? Nodes.scalar(keys.get("become_user"), file, "become_user") : null;
        Set<String> tags = new java.util.LinkedHashSet<>(Nodes.stringList(keys.get("tags"), file, "tags"));
        List<Task> all = new ArrayList<>();
        for (String section : List.of("pre_tasks", "tasks", "post_tasks")) {
            all.addAll(tasks.readList(keys.get(section), file, new HashSet<>()));
        }
        List<Task> handlers = tasks.readList(keys.get("handlers"), file, new HashSet<>());
        if (!tags.isEmpty()) {
            all.replaceAll(t -> t.inherit(null, tags, null, null));
        }
        String name = keys.containsKey("name") ? Nodes.scalar(keys.get("name"), file, "name") : null;
        Boolean gather = Nodes.bool(keys.get("gather_facts"), file, "gather_facts");
        List<String> subset = new ArrayList<>();
        for (String s : Nodes.stringList(keys.get("gather_subset"), file, "gather_subset")) {
            for (String part : s.split(",")) if (!part.isBlank()) subset.add(part.strip());
        }
        return new Play(name, hosts, vars, varsFiles, become, becomeUser, all, handlers, where, file.getParent(),
                gather == null || gather, List.copyOf(subset));
    }

    static Node parse(Path file) throws PlaybookException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PlaybookException(Locations.display(file) + ": no such file");
        } catch (IOException e) {
            throw new PlaybookException(Locations.display(file) + ": cannot read: " + e.getMessage());
        }
        try {
            return BollardYaml.compose(text, Locations.display(file));
        } catch (YamlException e) {
            throw new PlaybookException(e.getMessage());
        }
    }

    /** Reads a YAML file of variables (vars_files, -e @file) into a map. */
    public static Map<String, Object> readVarsFile(Path file) throws PlaybookException {
        Node root = parse(file);
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
