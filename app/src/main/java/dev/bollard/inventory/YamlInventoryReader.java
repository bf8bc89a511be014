package dev.bollard.inventory;

import dev.bollard.vault.VaultSecrets;
import dev.bollard.yaml.BollardYaml;
import dev.bollard.yaml.YamlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Ansible's YAML inventory: groups with {@code hosts:}, {@code children:} and {@code vars:}. */
final class YamlInventoryReader {
    private static final Set<String> GROUP_KEYS = Set.of("hosts", "children", "vars");
    private final String file;
    private final RawInventory raw = new RawInventory();

    private YamlInventoryReader(String file) {
        this.file = file;
    }

    static RawInventory read(String text, String file, VaultSecrets vault) throws InventoryException {
        YamlInventoryReader r = new YamlInventoryReader(file);
        Node root;
        try {
            root = BollardYaml.compose(text, file, vault);
        } catch (YamlException e) {
            throw new InventoryException(e.getMessage());
        }
        if (root == null) return r.raw;
        if (!(root instanceof MappingNode m)) throw r.error(root, "an inventory is a mapping of groups (usually starting with 'all:')");
        for (NodeTuple t : m.getValue()) r.readGroup(key(t), t.getValueNode());
        return r.raw;
    }

    private void readGroup(String name, Node node) throws InventoryException {
        RawInventory.Group group = raw.group(name);
        if (node == null || BollardYaml.toJava(node) == null) return;
        if (!(node instanceof MappingNode m)) throw error(node, "group '" + name + "' must be a mapping with hosts:, children: or vars:");
        for (NodeTuple t : m.getValue()) {
            String k = key(t);
            Node v = t.getValueNode();
            if (!GROUP_KEYS.contains(k)) {
                throw error(t.getKeyNode(), "unknown key '" + k + "' in group '" + name + "' (expected hosts, children or vars)");
            }
            if (BollardYaml.toJava(v) == null) continue;
            if (!(v instanceof MappingNode entries)) throw error(v, "'" + k + "' of group '" + name + "' must be a mapping");
            switch (k) {
                case "hosts" -> {
                    for (NodeTuple h : entries.getValue()) {
                        Object vars = BollardYaml.toJava(h.getValueNode());
                        if (vars != null && !(vars instanceof Map)) {
                            throw error(h.getValueNode(), "host '" + key(h) + "' in group '" + name + "' must have a mapping of variables or nothing");
                        }
                        raw.addHost(name, key(h), vars == null ? Map.of() : asMap(vars));
                    }
                }
                case "children" -> {
                    for (NodeTuple c : entries.getValue()) {
                        group.children.add(key(c));
                        readGroup(key(c), c.getValueNode());
                    }
                }
                default -> group.vars.putAll(asMap(BollardYaml.toJava(v)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    private static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(BollardYaml.toJava(t.getKeyNode()));
    }

    private InventoryException error(Node node, String message) {
        return new InventoryException(file + ":" + BollardYaml.line(node) + ": " + message);
    }
}
