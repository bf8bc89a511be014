package dev.bollard.yaml;

import dev.bollard.vault.VaultEnvelope;
import dev.bollard.vault.VaultSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * YAML for playbooks, inventories and vars files: nodes keep their line numbers for messages, and
 * scalars become plain Java values. A number written with a leading zero ({@code 0644}) stays
 * text, so a file mode means what it says instead of YAML 1.1's octal surprise.
 */
public final class BollardYaml {
    private BollardYaml() {
    }

    public static Node compose(String text, String fileName) throws YamlException {
        return compose(text, fileName, VaultSecrets.NONE);
    }

    /**
     * As {@link #compose(String, String)}, opening vault data with {@code vault}: a whole file
     * encrypted by ansible-vault, and values tagged {@code !vault}, which become plain strings.
     */
    public static Node compose(String text, String fileName, VaultSecrets vault) throws YamlException {
        boolean encrypted = VaultEnvelope.isVault(text);
        String plain = encrypted ? vault.openFile(text, fileName).text() : text;
        Node root;
        try {
            YamlLimits.checkSize(plain);
            root = new Yaml(new SafeConstructor(YamlLimits.options())).compose(new java.io.StringReader(plain));
            if (root != null) YamlLimits.expandedSize(root);
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark();
            throw new YamlException(fileName + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": " + e.getProblem());
        } catch (ReaderException e) {
            throw new YamlException(fileName + ":" + lineAt(plain, e.getPosition()) + ": character " + String.format("U+%04X", e.getCodePoint())
                    + " is not allowed in YAML (a control character or a broken encoding; the file must be UTF-8 text)");
        } catch (YAMLException | IllegalStateException e) {
            // the limits of YamlLimits, which snakeyaml reports without a position
            String m = String.valueOf(e.getMessage()).replaceFirst("^line (\\d+): ", "$1: ");
            throw new YamlException(fileName + ":" + (Character.isDigit(m.charAt(0)) ? "" : " ") + m + limitHint(m));
        }
        return root == null ? null : new VaultValues(fileName, vault, encrypted).open(root);
    }

    private static int lineAt(String text, int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private static String limitHint(String message) {
        if (message == null) return "";
        if (message.contains("aliases")) return " (Bollard's limit: " + YamlLimits.MAX_COLLECTION_ALIASES + " aliases of lists and mappings per file)";
        if (message.contains("Nesting Depth")) return " (Bollard's limit: lists and mappings " + YamlLimits.MAX_NESTING + " deep)";
        if (message.contains("code points")) return " (Bollard's limit: " + YamlLimits.MAX_CODE_POINTS + " characters per file)";
        return "";
    }

    public static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    public static Object toJava(Node node) {
        if (node == null) return null;
        if (node instanceof MappingNode m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) map.put(String.valueOf(toJava(t.getKeyNode())), toJava(t.getValueNode()));
            return map;
        }
        if (node instanceof SequenceNode s) {
            List<Object> list = new ArrayList<>();
            for (Node n : s.getValue()) list.add(toJava(n));
            return list;
        }
        ScalarNode sc = (ScalarNode) node;
        String v = sc.getValue();
        String tag = sc.getTag().getValue();
        if (tag.endsWith(":null")) return null;
        if (tag.endsWith(":bool")) return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on") || v.equalsIgnoreCase("y");
        if (tag.endsWith(":int") && v.matches("[-+]?(0|[1-9][0-9_]*)")) {
            String digits = v.replace("_", "");
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e2) {
                    return v;
                }
            }
        }
        if (tag.endsWith(":float") && v.matches("[-+]?[0-9]*\\.[0-9]+([eE][-+]?[0-9]+)?")) return Double.parseDouble(v);
        return v;
    }
}
