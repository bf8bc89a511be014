package dev.bollard.yaml;

import dev.bollard.vault.VaultException;
import dev.bollard.vault.VaultSecrets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Replaces each {@code !vault} scalar of a composed document by a plain string holding its
 * plaintext, keeping its position for messages, and tells the vault about every decrypted value:
 * those of {@code !vault} scalars, and in a file that was encrypted as a whole, every value in it.
 */
final class VaultValues {
    private static final Tag VAULT = new Tag("!vault");
    private final String file;
    private final VaultSecrets vault;
    private final boolean wholeFileSecret;
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    VaultValues(String file, VaultSecrets vault, boolean wholeFileSecret) {
        this.file = file;
        this.vault = vault;
        this.wholeFileSecret = wholeFileSecret;
    }

    Node open(Node node) {
        if (node instanceof ScalarNode s) return scalar(s);
        if (VAULT.equals(node.getTag())) {
            throw new VaultException(file + ":" + BollardYaml.line(node) + ": !vault tags a block of vault text "
                    + "(as `bollard vault encrypt_string` prints it), not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        if (!seen.add(node)) return node; // an alias of a node already opened
        if (node instanceof MappingNode m) {
            List<NodeTuple> tuples = m.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                Node v = open(t.getValueNode());
                if (v != t.getValueNode()) tuples.set(i, new NodeTuple(t.getKeyNode(), v));
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) items.set(i, open(items.get(i)));
        }
        return node;
    }

    private Node scalar(ScalarNode s) {
        if (VAULT.equals(s.getTag())) {
            // the header sits on the line after `!vault |`, or on the tag's own line for a quoted value
            boolean block = s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
            String plain = vault.openValue(s.getValue(), file, BollardYaml.line(s) + (block ? 1 : 0)).text();
            vault.decrypted(plain);
            return new ScalarNode(Tag.STR, plain, s.getStartMark(), s.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
        }
        if (wholeFileSecret) {
            Object v = BollardYaml.toJava(s);
            if (v != null && !(v instanceof Boolean)) vault.decrypted(String.valueOf(v));
        }
        return s;
    }
}
