package dev.bollard.spi;

import java.util.ArrayList;
import java.util.List;

/** Renders a unified diff (3 lines of context) between two texts, line by line. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    /** Above this many cells the LCS table would be too large; show a whole replacement instead. */
    private static final long MAX_CELLS = 4_000_000L;

    private UnifiedDiff() {
    }

    static String render(String label, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(before == null ? "/dev/null" : "before: " + label).append('\n');
        out.append("+++ ").append(after == null ? "/dev/null" : "after: " + label).append('\n');
        List<char[]> ops = edits(a, b);
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0] == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are closer than 2*CONTEXT apart
            int lastChange = i;
            while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
                if (ops.get(end)[0] != ' ') lastChange = end;
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            hunk(out, ops, start, end, a, b);
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<char[]> ops, int start, int end, List<String> a, List<String> b) {
        int aStart = 0;
        int bStart = 0;
        for (int k = 0; k < start; k++) {
            if (ops.get(k)[0] != '+') aStart++;
            if (ops.get(k)[0] != '-') bStart++;
        }
        int aLen = 0;
        int bLen = 0;
        StringBuilder body = new StringBuilder();
        int ai = aStart;
        int bi = bStart;
        for (int k = start; k < end; k++) {
            char op = ops.get(k)[0];
            if (op == ' ') {
                body.append(' ').append(a.get(ai++)).append('\n');
                bi++;
                aLen++;
                bLen++;
            } else if (op == '-') {
                body.append('-').append(a.get(ai++)).append('\n');
                aLen++;
            } else {
                body.append('+').append(b.get(bi++)).append('\n');
                bLen++;
            }
        }
        out.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
        out.append(body);
    }

    private static String range(int start, int len) {
        return (len == 0 ? start : start + 1) + "," + len;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) return lines;
        String[] parts = text.split("\n", -1);
        int n = text.endsWith("\n") ? parts.length - 1 : parts.length;
        for (int i = 0; i < n; i++) lines.add(parts[i]);
        if (!text.endsWith("\n")) {
            lines.set(n - 1, lines.get(n - 1) + "  (no newline at end of file)");
        }
        return lines;
    }

    /** A list of ' ', '-', '+' operations turning a into b, from a longest common subsequence. */
    private static List<char[]> edits(List<String> a, List<String> b) {
        List<char[]> ops = new ArrayList<>();
        int n = a.size();
        int m = b.size();
        if ((long) n * m > MAX_CELLS) {
            for (int i = 0; i < n; i++) ops.add(new char[] {'-'});
            for (int j = 0; j < m; j++) ops.add(new char[] {'+'});
            return ops;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                i++;
            } else {
                ops.add(new char[] {'+'});
                j++;
            }
        }
        return ops;
    }
}
