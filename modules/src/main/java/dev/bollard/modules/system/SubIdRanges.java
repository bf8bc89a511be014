package dev.bollard.modules.system;

import java.util.ArrayList;
import java.util.List;

/** Lines of /etc/subuid or /etc/subgid ({@code name:start:count}) and the free-range search over them. */
final class SubIdRanges {
    static final long FIRST = 100000;
    static final long ALIGN = 65536;

    record Range(String owner, long start, long count) {
        boolean overlaps(long s, long c) {
            return s < start + count && start < s + c;
        }
    }

    private SubIdRanges() {
    }

    static List<Range> parse(String text) {
        List<Range> out = new ArrayList<>();
        if (text == null) return out;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(":");
            if (f.length != 3) continue;
            try {
                out.add(new Range(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException ignored) {
                // not a range line; left as it is
            }
        }
        return out;
    }

    /** The lowest start at or above 100000, on a 65536 boundary, that overlaps none of {@code taken}. */
    static long free(List<Range> taken, long count) {
        long start = FIRST;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Range r : taken) {
                if (r.overlaps(start, count)) {
                    long next = r.start() + r.count();
                    start = ((next - FIRST + ALIGN - 1) / ALIGN) * ALIGN + FIRST;
                    moved = true;
                }
            }
        }
        return start;
    }

    /** The text with the owner's lines replaced by one line (or removed when {@code line} is null). */
    static String withLine(String text, String owner, String line) {
        List<String> out = new ArrayList<>();
        boolean placed = false;
        if (text != null && !text.isEmpty()) {
            for (String l : text.split("\n")) {
                if (l.startsWith(owner + ":")) {
                    if (line != null && !placed) out.add(line);
                    placed = true;
                } else {
                    out.add(l);
                }
            }
        }
        if (!placed && line != null) out.add(line);
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }
}
