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

    ProbeBatch(List<Probe> probes) {
        this.probes = probes;
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        this.marker = "@bollard-" + HexFormat.of().formatHex(b);
    }

    String script() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            String body = switch (p.kind()) {
                case READ -> FileProbe.script(p.target(), true);
                case STAT -> FileProbe.script(p.target(), false);
                // a subshell, so that an exit or a cd in the query ends only the query
                case QUERY -> "( " + p.target() + "\n)";
            };
            s.append(body).append(" </dev/null; printf '\\n").append(marker).append(" ").append(i).append(" %d\\n' $?\n");
        }
        return s.toString();
    }

    /** The answer to each probe, in order; null where the output was cut short. */
    List<ExecResult> split(byte[] out) {
        List<ExecResult> answers = new ArrayList<>();
        byte[] sep = ("\n" + marker + " ").getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        for (int i = 0; i < probes.size(); i++) {
            int at = Bytes.indexOf(out, sep, start);
            int eol = at < 0 ? -1 : Bytes.indexOf(out, new byte[] {'\n'}, at + sep.length);
            if (eol < 0) {
                while (answers.size() < probes.size()) answers.add(null);
                break;
            }
            String[] tail = new String(out, at + sep.length, eol - at - sep.length, StandardCharsets.US_ASCII).split(" ");
            byte[] body = java.util.Arrays.copyOfRange(out, start, at);
            answers.add(tail.length == 2 && tail[0].equals(Integer.toString(i))
                    ? new ExecResult(Integer.parseInt(tail[1]), body, "") : null);
            start = eol + 1;
        }
        return answers;
    }
}
