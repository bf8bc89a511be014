package dev.bollard.yaml;

import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The one place YAML loaders get their limits, so that a hostile or broken file (a billion laughs
 * of aliases, thousands of nested brackets, a scalar of gigabytes) is refused at once with bounded
 * memory instead of filling the heap or the stack.
 */
public final class YamlLimits {
    /** Aliases of lists and mappings one document may hold (anchors of scalars are free). */
    public static final int MAX_COLLECTION_ALIASES = 100;
    /** Lists and mappings inside one another: a playbook rarely goes past 15. */
    public static final int MAX_NESTING = 64;
    /** Characters in one file or string: the shipped playbooks are a few kilobytes, an inventory of thousands of hosts under a megabyte. */
    public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /**
     * Characters on one line: snakeyaml copies its buffer for every kilobyte of a token it looks
     * ahead in, so one long run of text costs the square of its length (3 MB: seconds of CPU).
     */
    public static final int MAX_LINE = 128 * 1024;
    /** Values a document may stand for once its aliases are followed. */
    public static final long MAX_EXPANDED_VALUES = 1_000_000;

    private YamlLimits() {
    }

    /** Options for every snakeyaml loader Bollard builds. */
    public static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        o.setNestingDepthLimit(MAX_NESTING);
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** Refuses a text over the size limits before snakeyaml reads it (which it would do slowly). */
    public static void checkSize(String text) {
        if (text.length() > MAX_CODE_POINTS) {
            throw new IllegalStateException("file of " + text.length() + " characters is larger than Bollard reads as YAML (" + MAX_CODE_POINTS + ")");
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE) {
                    throw new IllegalStateException("line " + line + ": " + (i - start) + " characters on one line, more than Bollard reads ("
                            + MAX_LINE + "); break the value up (a YAML block scalar, `|`, holds long text over many lines)");
                }
                line++;
                start = i + 1;
            }
        }
    }

    /**
     * The number of values {@code root} stands for with its aliases followed, without following
     * them: a few aliases of aliases can stand for billions of values.
     *
     * @throws IllegalStateException naming the line of a list or mapping that holds an alias of itself,
     *     or when the count passes {@link #MAX_EXPANDED_VALUES}
     */
    static long expandedSize(Node root) {
        return new Object() {
            final Map<Node, Long> sizes = new IdentityHashMap<>();
            final Map<Node, Boolean> open = new IdentityHashMap<>();

            long size(Node n) {
                Long known = sizes.get(n);
                if (known != null) return known;
                if (open.put(n, Boolean.TRUE) != null) {
                    throw new IllegalStateException("line " + BollardYaml.line(n) + ": a list or mapping holds an alias of itself (*alias of an "
                            + "&anchor it is inside of): it would never end");
                }
                long total = 1;
                if (n instanceof MappingNode m) {
                    for (NodeTuple t : m.getValue()) total += size(t.getKeyNode()) + size(t.getValueNode());
                } else if (n instanceof SequenceNode s) {
                    for (Node c : s.getValue()) total += size(c);
                }
                if (total > MAX_EXPANDED_VALUES) {
                    throw new IllegalStateException("line " + BollardYaml.line(n) + ": its aliases (*name) make more than " + MAX_EXPANDED_VALUES
                            + " values of it (a \"billion laughs\"); write the values out, or use fewer aliases of aliases");
                }
                open.remove(n);
                sizes.put(n, total);
                return total;
            }
        }.size(root);
    }
}
