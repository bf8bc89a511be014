package dev.bollard.modules.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lines of an fstab. Entries are found by mount point; every other line (comments, blank lines,
 * other mounts, their spacing) is kept byte for byte.
 */
final class Fstab {

    record Entry(String src, String path, String fstype, String opts, int dump, int passno) {
        String line() {
            return encode(src) + " " + encode(path) + " " + fstype + " " + opts + " " + dump + " " + passno;
        }

        /** Same mount, with options compared as sets. */
        boolean sameAs(Entry o) {
            return src.equals(o.src) && path.equals(o.path) && fstype.equals(o.fstype) && options(opts).equals(options(o.opts))
                    && dump == o.dump && passno == o.passno;
        }
    }

    private final List<String> lines;
    private final boolean trailingNewline;

    private Fstab(List<String> lines, boolean trailingNewline) {
        this.lines = lines;
        this.trailingNewline = trailingNewline;
    }

    static Fstab parse(String text) {
        if (text == null || text.isEmpty()) return new Fstab(new ArrayList<>(), true);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        boolean trailing = text.endsWith("\n");
        if (trailing) lines.remove(lines.size() - 1);
        return new Fstab(lines, trailing);
    }

    static Set<String> options(String opts) {
        Set<String> set = new LinkedHashSet<>();
        for (String o : opts.split(",")) {
            if (!o.isBlank()) set.add(o.strip());
        }
        return set;
    }

    Optional<Entry> find(String path) {
        for (String line : lines) {
            Entry e = entry(line);
            if (e != null && e.path().equals(path)) return Optional.of(e);
        }
        return Optional.empty();
    }

    /** The text with {@code wanted} in place of the first line for its mount point (later ones dropped), or appended. */
    String with(Entry wanted) {
        List<String> out = new ArrayList<>();
        boolean placed = false;
        for (String line : lines) {
            Entry e = entry(line);
            if (e != null && e.path().equals(wanted.path())) {
                if (!placed) out.add(wanted.line());
                placed = true;
            } else {
                out.add(line);
            }
        }
        if (!placed) out.add(wanted.line());
        return join(out, placed ? trailingNewline : true);
    }

    /** The text without any line for {@code path}. */
    String without(String path) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            Entry e = entry(line);
            if (e == null || !e.path().equals(path)) out.add(line);
        }
        return join(out, trailingNewline);
    }

    private static String join(List<String> out, boolean newline) {
        if (out.isEmpty()) return "";
        return String.join("\n", out) + (newline ? "\n" : "");
    }

    private static Entry entry(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) return null;
        String[] f = t.split("\\s+");
        if (f.length < 2) return null;
        return new Entry(decode(f[0]), MountModule.normalize(decode(f[1])), f.length > 2 ? f[2] : "auto", f.length > 3 ? f[3] : "defaults",
                f.length > 4 ? num(f[4]) : 0, f.length > 5 ? num(f[5]) : 0);
    }

    private static int num(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** fstab writes blanks inside a field as octal escapes. */
    static String encode(String field) {
        return field.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011");
    }

    static String decode(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
    }
}
