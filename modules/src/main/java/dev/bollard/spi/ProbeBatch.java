package dev.bollard.spi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Several probes in one shell script: each answer is followed by a line with a random marker,
 * the probe's index and its exit code, so file contents (any bytes) can be cut apart again.
 */
final class ProbeBatch {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Probe> probes;
    private final String marker;
    /** The paths the file probes read, each once: the batch's one stat reads them all. */
    private final List<String> paths;

    ProbeBatch(List<Probe> probes) {
        this.probes = probes;
        this.paths = filePaths(probes);
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        this.marker = "@bollard-" + HexFormat.of().formatHex(b);
    }

    /** The paths of the file probes, in order, each once. */
    private static List<String> filePaths(List<Probe> probes) {
        java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>();
        for (Probe p : probes) if (p.kind() != Probe.Kind.QUERY) paths.add(p.target());
        return new ArrayList<>(paths);
    }

    String script() {
        StringBuilder s = new StringBuilder();
        if (!paths.isEmpty()) {
            // every file's type, mode, owner and size from one process (each costs the host 1-2 ms, and a
            // read-ahead reads dozens of files); each probe then adds its link target or content
            s.append("stat --printf '%n\\0%F|%a|%U|%G|%s\\0' --");
            for (String path : paths) s.append(' ').append(Shell.quote(path));
            s.append(" </dev/null 2>/dev/null; printf '\\n").append(marker).append(" stat\\n'\n");
        }
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            String body = switch (p.kind()) {
                case READ -> FileProbe.rest(p.target(), true);
                case STAT -> FileProbe.rest(p.target(), false);
                // a subshell, so that an exit or a cd in the query ends only the query
                case QUERY -> "( " + p.target() + "\n)";
            };
            s.append(body).append(" </dev/null; printf '\\n").append(marker).append(" ").append(i).append(" %d\\n' $?\n");
        }
        return s.toString();
    }

    /** What the one stat said of each path it found: its {@code type|mode|owner|group|size} line. */
    private static java.util.Map<String, String> stats(byte[] out, int end) {
        java.util.Map<String, String> found = new java.util.HashMap<>();
        int at = 0;
        while (at < end) {
            int nameEnd = Bytes.indexOf(out, new byte[] {0}, at);
            int lineEnd = nameEnd < 0 || nameEnd >= end ? -1 : Bytes.indexOf(out, new byte[] {0}, nameEnd + 1);
            if (lineEnd < 0 || lineEnd > end) break;
            found.put(new String(out, at, nameEnd - at, StandardCharsets.UTF_8), new String(out, nameEnd + 1, lineEnd - nameEnd - 1, StandardCharsets.UTF_8));
            at = lineEnd + 1;
        }
        return found;
    }

    /** The answer to each probe, in order; null where the output was cut short. */
    List<ExecResult> split(byte[] out) {
        List<ExecResult> answers = new ArrayList<>();
        byte[] sep = ("\n" + marker + " ").getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        java.util.Map<String, String> stats = java.util.Map.of();
        if (!paths.isEmpty()) {
            byte[] statEnd = ("\n" + marker + " stat\n").getBytes(StandardCharsets.US_ASCII);
            int at = Bytes.indexOf(out, statEnd, 0);
            if (at >= 0) {
                stats = stats(out, at);
                start = at + statEnd.length;
            } else {
                // the output was cut before the files' stat: no file probe is answered
                start = out.length;
            }
        }
        for (int i = 0; i < probes.size(); i++) {
            int at = Bytes.indexOf(out, sep, start);
            int eol = at < 0 ? -1 : Bytes.indexOf(out, new byte[] {'\n'}, at + sep.length);
            if (eol < 0) {
                while (answers.size() < probes.size()) answers.add(null);
                break;
            }
            String[] tail = new String(out, at + sep.length, eol - at - sep.length, StandardCharsets.US_ASCII).split(" ");
            byte[] body = java.util.Arrays.copyOfRange(out, start, at);
            boolean mine = tail.length == 2 && tail[0].equals(Integer.toString(i));
            Probe p = probes.get(i);
            answers.add(!mine ? null : p.kind() == Probe.Kind.QUERY ? new ExecResult(Integer.parseInt(tail[1]), body, "")
                    : FileProbe.whole(stats.get(p.target()), Integer.parseInt(tail[1]), body));
            start = eol + 1;
        }
        return answers;
    }
}
