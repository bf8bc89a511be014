package dev.bollard.inventory;

import dev.bollard.vault.VaultEnvelope;
import dev.bollard.vault.VaultSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hosts and groups from an Ansible inventory (YAML or INI, with group_vars/ and host_vars/
 * beside it), each host's variables merged as Ansible merges them.
 */
public final class Inventory {
    private final Path source;
    private final List<Host> hosts;
    private final Map<String, List<String>> groups;

    private Inventory(Path source, List<Host> hosts, Map<String, List<String>> groups) {
        this.source = source;
        this.hosts = List.copyOf(hosts);
        this.groups = groups;
    }

    public static Inventory load(Path file) throws InventoryException {
        return load(file, VaultSecrets.NONE);
    }

    /** Loads an inventory, opening vault data in it and in its group_vars/ and host_vars/ with {@code vault}. */
    public static Inventory load(Path file, VaultSecrets vault) throws InventoryException {
        return load(file, vault, ConnectionDefaults.NONE);
    }

    /** As {@link #load(Path, VaultSecrets)}, with connection settings for hosts whose variables give none. */
    /**
     * The inventory of one or more {@code -i} sources, as Ansible reads them: a file (YAML or INI),
     * a directory (every inventory file in it, with its group_vars/ and host_vars/), or a list of
     * hosts written {@code host1,host2,} (a trailing comma for one host). Later sources add hosts
     * and groups to earlier ones.
     */
    public static Inventory load(List<String> sources, VaultSecrets vault, ConnectionDefaults defaults) throws InventoryException {
        if (sources.size() == 1 && !sources.get(0).contains(",") && !Files.isDirectory(Path.of(sources.get(0)))) {
            return load(Path.of(sources.get(0)), vault, defaults);
        }
        RawInventory raw = new RawInventory();
        List<VarsFolders> folders = new ArrayList<>();
        Path first = null;
        for (String source : sources) {
            Path p = Path.of(source);
            if (source.contains(",") && !Files.exists(p)) {
                for (String h : source.split(",")) if (!h.isBlank()) raw.addHost("ungrouped", h.strip(), Map.of());
                continue;
            }
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(p)) {
                try (var list = Files.list(p)) {
                    list.filter(Files::isRegularFile).filter(f -> isInventoryFile(f.getFileName().toString())).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new InventoryException(p + ": cannot read the directory: " + e.getMessage());
                }
                folders.add(new VarsFolders(p.toAbsolutePath(), vault));
            } else {
                files.add(p);
                folders.add(new VarsFolders(p.toAbsolutePath().getParent(), vault));
            }
            for (Path f : files) {
                raw.merge(read(f, vault));
                if (first == null) first = f;
            }
        }
        return build(first, raw, VarsFolders.all(folders), defaults);
    }

    /** Files of an inventory directory that Ansible skips: backups, retry files, hidden files. */
    private static boolean isInventoryFile(String name) {
        return !name.startsWith(".") && !name.endsWith("~") && !name.endsWith(".retry") && !name.endsWith(".orig")
                && !name.endsWith(".bak") && !name.endsWith(".pyc") && !name.endsWith(".cfg") && !name.endsWith(".md");
    }

    public static Inventory load(Path file, VaultSecrets vault, ConnectionDefaults defaults) throws InventoryException {
        Path dir = file.toAbsolutePath().getParent();
        return build(file, read(file, vault), new VarsFolders(dir, vault), defaults);
    }

    private static RawInventory read(Path file, VaultSecrets vault) throws InventoryException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InventoryException(file + ": no such inventory file");
        } catch (IOException e) {
            throw new InventoryException(file + ": cannot read: " + e.getMessage());
        }
        String name = file.toString();
        boolean encrypted = VaultEnvelope.isVault(text);
        String plain = encrypted ? vault.openFile(text, name).text() : text;
        RawInventory raw;
        if (looksLikeYaml(file, plain)) {
            raw = YamlInventoryReader.read(text, name, vault);
        } else {
            raw = IniInventoryReader.read(plain, name);
            if (encrypted) reveal(raw, vault);
        }
        return raw;
    }

    /** Every value of an encrypted INI inventory is a secret (YAML ones are reported as they are read). */
    private static void reveal(RawInventory raw, VaultSecrets vault) {
        List<Map<String, Object>> all = new ArrayList<>(raw.hosts.values());
        raw.groups.values().forEach(g -> all.add(g.vars));
        for (Map<String, Object> vars : all) {
            for (Object v : vars.values()) {
                if (v != null && !(v instanceof Boolean)) vault.decrypted(String.valueOf(v));
            }
        }
    }

    /** The inventory used when none is given: {@code localhost} over a local connection. */
    public static Inventory implicitLocalhost() {
        return implicitLocalhost(ConnectionDefaults.NONE);
    }

    /** The implicit localhost, becoming another user as {@code defaults} say. */
    public static Inventory implicitLocalhost(ConnectionDefaults defaults) {
        RawInventory raw = new RawInventory();
        raw.addHost("ungrouped", "localhost", Map.of("ansible_connection", "local"));
        try {
            return build(null, raw, VarsFolders.NONE, defaults);
        } catch (InventoryException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean looksLikeYaml(Path file, String text) {
        String n = file.getFileName().toString();
        if (n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json")) return true;
        if (n.endsWith(".ini") || n.endsWith(".cfg")) return false;
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) continue;
            return !s.startsWith("[") && s.matches("^[^=\\s]+:\\s*(#.*)?$|^---.*|^\\{.*");
        }
        return false;
    }

    private static Inventory build(Path source, RawInventory raw, VarsFolders folders, ConnectionDefaults defaults) throws InventoryException {
        GroupTree tree = new GroupTree(raw);
        List<Host> hosts = new ArrayList<>();
        Map<String, Map<String, Object>> groupFileVars = new HashMap<>();
        for (String g : raw.groups.keySet()) groupFileVars.put(g, folders.groupVars(g));
        for (String name : raw.hosts.keySet()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            List<String> memberOf = tree.groupsOf(name);
            for (String g : tree.byPrecedence(memberOf)) {
                vars.putAll(raw.groups.get(g).vars);
                vars.putAll(groupFileVars.get(g));
            }
            vars.putAll(raw.hosts.get(name));
            vars.putAll(folders.hostVars(name));
            String where = (source == null ? "inventory" : source.toString()) + ": host " + name;
            ConnectionSettings c = ConnectionVars.settings(name, vars, where, source == null ? null : source.toAbsolutePath().getParent(), defaults);
            List<String> groups = memberOf.stream().filter(g -> !g.equals("all")).toList();
            hosts.add(new Host(name, vars, groups, c));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String g : raw.groups.keySet()) groups.put(g, tree.hostsOf(g));
        return new Inventory(source, hosts, groups);
    }

    public List<Host> hosts() {
        return hosts;
    }

    /** Group name to the names of its hosts (children included), {@code all} and {@code ungrouped} too. */
    public Map<String, List<String>> groups() {
        return groups;
    }

    public Path source() {
        return source;
    }

    /** The hosts a pattern such as {@code web:&prod:!web3} names, in inventory order. */
    public List<Host> select(String pattern) throws InventoryException {
        return HostPattern.select(pattern, hosts, groups);
    }
}
