package dev.bollard.inventory;

import dev.bollard.vault.VaultSecrets;
import dev.bollard.yaml.BollardYaml;
import dev.bollard.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code group_vars/} and {@code host_vars/} beside the inventory (or beside the playbook): {@code NAME.yml}, {@code NAME.yaml},
 * {@code NAME} (a YAML file without extension), or a folder {@code NAME/} whose YAML files are merged
 * in name order.
 */
public final class VarsFolders {
    static final VarsFolders NONE = new VarsFolders(null, VaultSecrets.NONE);
    private final Path dir;
    private final VaultSecrets vault;
    /** Several inventories' folders, read in order (later ones win); empty for one folder. */
    private final List<VarsFolders> parts;

    /** The folders under {@code dir}; vault-encrypted files and {@code !vault} values are opened with {@code vault}. */
    public VarsFolders(Path dir, VaultSecrets vault) {
        this(dir, vault, List.of());
    }

    private VarsFolders(Path dir, VaultSecrets vault, List<VarsFolders> parts) {
        this.dir = dir;
        this.vault = vault;
        this.parts = parts;
    }

    /** The folders of several inventory sources, as one; a later source's values win. */
    static VarsFolders all(List<VarsFolders> folders) {
        return new VarsFolders(null, VaultSecrets.NONE, List.copyOf(folders));
    }

    public Map<String, Object> groupVars(String group) throws InventoryException {
        return read("group_vars", group);
    }

    Map<String, Object> hostVars(String host) throws InventoryException {
        return read("host_vars", host);
    }

    private Map<String, Object> read(String folder, String name) throws InventoryException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (VarsFolders part : parts) out.putAll(part.read(folder, name));
        if (dir == null) return out;
        Path base = dir.resolve(folder);
        if (!Files.isDirectory(base)) return out;
        for (String candidate : List.of(name, name + ".yml", name + ".yaml", name + ".json")) {
            Path p = base.resolve(candidate);
            if (Files.isRegularFile(p)) out.putAll(file(p));
        }
        Path sub = base.resolve(name);
        if (Files.isDirectory(sub)) {
            try (Stream<Path> files = Files.list(sub)) {
                for (Path p : files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList()) out.putAll(file(p));
            } catch (IOException e) {
                throw new InventoryException(sub + ": cannot list: " + e.getMessage());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> file(Path p) throws InventoryException {
        try {
            Object v = BollardYaml.toJava(BollardYaml.compose(Files.readString(p), p.toString(), vault));
            if (v == null) return Map.of();
            if (!(v instanceof Map)) throw new InventoryException(p + ":1: a vars file is a mapping of names to values");
            return (Map<String, Object>) v;
        } catch (YamlException e) {
            throw new InventoryException(e.getMessage());
        } catch (IOException e) {
            throw new InventoryException(p + ": cannot read: " + e.getMessage());
        }
    }
}
