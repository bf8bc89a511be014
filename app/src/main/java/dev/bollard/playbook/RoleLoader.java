package dev.bollard.playbook;

import dev.bollard.vault.VaultSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds roles and reads them as Ansible lays them out: {@code tasks/ handlers/ defaults/ vars/
 * meta/main.yml} (dependencies first), {@code templates/} and {@code files/} searched by the
 * role's tasks. Roles are looked for in {@code roles/} beside the playbook, in
 * {@code ANSIBLE_ROLES_PATH} / {@code roles_path}, then beside the playbook itself.
 */
final class RoleLoader {
    /** Keys of a {@code roles:} entry that are keywords; any other key is a role parameter, as in Ansible. */
    static final Set<String> ENTRY_KEYWORDS = Set.of("role", "name", "vars", "when", "tags", "become", "become_user");
    private static final Set<String> META_KEYS = Set.of("dependencies", "galaxy_info", "allow_duplicates", "argument_specs");
    private final TaskReader reader;
    private final List<Path> rolesPath;
    private final VaultSecrets vault;
    private final List<Task> importedHandlers = new ArrayList<>();
    private final List<Role> importedRoles = new ArrayList<>();

    RoleLoader(TaskReader reader, List<Path> rolesPath, VaultSecrets vault) {
        this.reader = reader;
        this.rolesPath = rolesPath;
        this.vault = vault;
    }

    /** Records what an import_role brought besides its tasks, for the play being read. */
    void imported(Loaded loaded) {
        importedHandlers.addAll(loaded.handlers());
        importedRoles.addAll(loaded.roles());
    }

    /** The handlers and roles import_role brought into the play just read, forgotten afterwards. */
    Loaded takeImported() {
        Loaded out = new Loaded(List.of(), List.copyOf(importedHandlers), List.copyOf(importedRoles));
        importedHandlers.clear();
        importedRoles.clear();
        return out;
    }

    /** What a role adds to a play: its tasks (dependencies' first) and handlers, and the roles themselves for their variables. */
    record Loaded(List<Task> tasks, List<Task> handlers, List<Role> roles) {
    }

    /** One entry of {@code roles:} (a name, or a mapping with {@code role:}), or an import_role / include_role. */
    Loaded load(Object entry, Path playbookDir, Location where, Set<String> seen, String tasksFrom, String defaultsFrom,
                Map<String, Object> extraParams) throws PlaybookException {
        Map<String, Object> spec = entrySpec(entry, where);
        String name = String.valueOf(spec.containsKey("role") ? spec.get("role") : spec.get("name"));
        Map<String, Object> params = new LinkedHashMap<>();
        if (spec.get("vars") instanceof Map<?, ?> v) v.forEach((k, val) -> params.put(String.valueOf(k), val));
        spec.forEach((k, v) -> {
            if (!ENTRY_KEYWORDS.contains(k)) params.put(k, v);
        });
        params.putAll(extraParams);
        Path dir = find(name, playbookDir, where);
        Loaded loaded = read(name, dir, where, seen, params, tasksFrom == null ? "main" : tasksFrom, defaultsFrom == null ? "main" : defaultsFrom);
        return inherit(loaded, spec, where);
    }

    private Loaded read(String name, Path dir, Location where, Set<String> seen, Map<String, Object> params, String tasksFrom,
                        String defaultsFrom) throws PlaybookException {
        List<Task> tasks = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        Path metaFile = mainFile(dir.resolve("meta"), "main");
        boolean allowDuplicates = false;
        if (metaFile != null) {
            Map<String, Object> meta = PlaybookLoader.readVarsFile(metaFile, vault);
            for (String k : meta.keySet()) {
                if (!META_KEYS.contains(k)) {
                    throw new PlaybookException(Locations.display(metaFile) + ": unknown key '" + k + "' in role meta (Bollard reads: "
                            + String.join(", ", new TreeSet<>(META_KEYS)) + ")");
                }
            }
            allowDuplicates = Boolean.TRUE.equals(meta.get("allow_duplicates"));
            if (meta.get("dependencies") instanceof List<?> deps) {
                for (Object dep : deps) {
                    Loaded d = load(dep, dir.getParent() == null ? dir : dir.getParent(), new Location(metaFile, 1), seen, null, null, Map.of());
                    tasks.addAll(d.tasks());
                    handlers.addAll(d.handlers());
                    roles.addAll(d.roles());
                }
            }
        }
        String identity = dir + " " + params + " " + tasksFrom;
        if (!allowDuplicates && !seen.add(identity)) return new Loaded(tasks, handlers, roles);
        Role role = new Role(name, dir, varsOf(dir.resolve("defaults"), defaultsFrom), varsOf(dir.resolve("vars"), "main"), params);
        roles.add(role);
        Path tasksFile = mainFile(dir.resolve("tasks"), tasksFrom);
        if (tasksFile == null && !tasksFrom.equals("main")) {
            throw new PlaybookException(where, "role '" + name + "' has no tasks/" + tasksFrom + ".yml (tasks_from)");
        }
        if (tasksFile != null) {
            for (Task t : reader.readList(PlaybookLoader.parse(tasksFile, vault), tasksFile, new HashSet<>())) tasks.add(t.inRole(role));
        }
        Path handlersFile = mainFile(dir.resolve("handlers"), "main");
        if (handlersFile != null) {
            for (Task t : reader.readList(PlaybookLoader.parse(handlersFile, vault), handlersFile, new HashSet<>())) handlers.add(t.inRole(role));
        }
        return new Loaded(tasks, handlers, roles);
    }

    private static Loaded inherit(Loaded loaded, Map<String, Object> spec, Location where) throws PlaybookException {
        Object when = spec.get("when");
        Set<String> tags = new java.util.LinkedHashSet<>();
        Object t = spec.get("tags");
        if (t instanceof List<?> l) l.forEach(x -> tags.add(String.valueOf(x)));
        else if (t != null) tags.add(String.valueOf(t));
        Object b = spec.get("become");
        if (b != null && !(b instanceof Boolean)) throw new PlaybookException(where, "'become' of a role must be true or false");
        Object bu = spec.get("become_user");
        if (when == null && tags.isEmpty() && b == null && bu == null) return loaded;
        List<Task> tasks = new ArrayList<>();
        for (Task task : loaded.tasks()) tasks.add(task.inherit(when, tags, (Boolean) b, bu == null ? null : String.valueOf(bu)));
        return new Loaded(tasks, loaded.handlers(), loaded.roles());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entrySpec(Object entry, Location where) throws PlaybookException {
        if (entry instanceof String s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", s);
            return m;
        }
        if (entry instanceof Map<?, ?> m && (m.containsKey("role") || m.containsKey("name"))) return (Map<String, Object>) m;
        throw new PlaybookException(where, "a role is a name or a mapping with 'role:' (and optional vars, when, tags)");
    }

    private Path find(String name, Path playbookDir, Location where) throws PlaybookException {
        Locations.resolve(playbookDir, name, where, "role");
        List<Path> tried = new ArrayList<>();
        Path asPath = Path.of(name);
        if (asPath.isAbsolute()) tried.add(asPath);
        tried.add(playbookDir.resolve("roles").resolve(name));
        for (Path p : rolesPath) tried.add(p.resolve(name));
        tried.add(playbookDir.resolve(name));
        for (Path p : tried) {
            if (Files.isDirectory(p)) return p.normalize();
        }
        throw new PlaybookException(where, "role '" + name + "' not found (looked in " + String.join(", ", tried.stream().map(Path::toString).toList()) + ")");
    }

    private Map<String, Object> varsOf(Path folder, String name) throws PlaybookException {
        Path f = mainFile(folder, name);
        return f == null ? Map.of() : PlaybookLoader.readVarsFile(f, vault);
    }

    /** {@code folder/name.yml}, {@code .yaml}, or a file without extension, as Ansible accepts. */
    static Path mainFile(Path folder, String name) {
        for (String candidate : List.of(name + ".yml", name + ".yaml", name)) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The roles path from ANSIBLE_ROLES_PATH, then Ansible's default places. */
    static List<Path> defaultRolesPath(String fromConfig) {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("ANSIBLE_ROLES_PATH");
        for (String source : new String[] {env, fromConfig}) {
            if (source == null || source.isBlank()) continue;
            for (String p : source.split(":")) {
                if (!p.isBlank()) out.add(Path.of(p.replaceFirst("^~", System.getProperty("user.home"))));
            }
        }
        out.add(Path.of(System.getProperty("user.home"), ".ansible", "roles"));
        out.add(Path.of("/usr/share/ansible/roles"));
        out.add(Path.of("/etc/ansible/roles"));
        return out;
    }
}
