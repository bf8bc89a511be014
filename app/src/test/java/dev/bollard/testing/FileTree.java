package dev.bollard.testing;

import dev.bollard.spi.Diff;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything under one directory of a target, read inside the container (not over SSH): each
 * entry's type, mode, owner, group and link target, and for a file the sha256 and bytes of its
 * content. Two trees compare entry by entry, with a unified diff for differing content.
 */
public record FileTree(String root, Map<String, FileTree.Entry> entries) {

    /** One path: {@code type} as find's %y (f, d, l), mode in octal, sha256 and content for files. */
    public record Entry(String type, String mode, String owner, String group, String link, String sha256, String content) {
        String meta() {
            return "type " + type + ", mode " + mode + ", owner " + owner + ", group " + group + (link.isEmpty() ? "" : ", link to " + link);
        }
    }

    // one exec for the whole tree: metadata lines, a separator, then path, sha256 and base64 content per file
    private static final String SCRIPT = "cd %s || exit 1; find . -printf '%%p\\t%%y\\t%%m\\t%%u\\t%%g\\t%%l\\n' | LC_ALL=C sort; echo '--';"
            + " find . -type f | LC_ALL=C sort | while IFS= read -r f; do"
            + " printf '%%s\\t%%s\\t%%s\\n' \"$f\" \"$(sha256sum < \"$f\" | cut -d' ' -f1)\" \"$(base64 -w0 < \"$f\")\"; done";

    public static FileTree read(SshTarget target, String root) {
        SshTarget.ExecResult r = target.exec(String.format(SCRIPT, root));
        if (!r.ok()) throw new IllegalStateException("cannot list " + root + ": " + r.err());
        Map<String, String[]> meta = new TreeMap<>();
        Map<String, String[]> files = new TreeMap<>();
        boolean inFiles = false;
        for (String line : r.out().split("\n")) {
            if (line.equals("--")) {
                inFiles = true;
            } else if (!line.isEmpty()) {
                String[] f = line.split("\t", -1);
                (inFiles ? files : meta).put(f[0], f);
            }
        }
        Map<String, Entry> entries = new TreeMap<>();
        meta.forEach((path, m) -> {
            String[] f = files.get(path);
            String content = f == null ? null : new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8);
            entries.put(path, new Entry(m[1], m[2], m[3], m[4], m[5], f == null ? null : f[1], content));
        });
        return new FileTree(root, entries);
    }

    /** Null when both trees hold the same entries; otherwise each difference, content as a unified diff. */
    public static String differences(String leftName, FileTree left, String rightName, FileTree right) {
        StringBuilder sb = new StringBuilder();
        TreeSet<String> paths = new TreeSet<>(left.entries().keySet());
        paths.addAll(right.entries().keySet());
        for (String path : paths) {
            Entry l = left.entries().get(path);
            Entry r = right.entries().get(path);
            String where = left.root() + "/" + path.replaceFirst("^\\./?", "");
            if (l == null || r == null) {
                sb.append(where).append(": only ").append(l == null ? rightName : leftName)
                        .append(" made it (").append((l == null ? r : l).meta()).append(")\n");
                continue;
            }
            if (!l.meta().equals(r.meta())) {
                sb.append(where).append(": ").append(leftName).append(" ").append(l.meta()).append("; ")
                        .append(rightName).append(" ").append(r.meta()).append('\n');
            }
            if (!Objects.equals(l.sha256(), r.sha256())) {
                sb.append(where).append(": content differs (").append(leftName).append(" before, ").append(rightName).append(" after)\n")
                        .append(new Diff(where, l.content(), r.content()).unified());
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
