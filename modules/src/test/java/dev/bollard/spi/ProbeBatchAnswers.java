package dev.bollard.spi;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For stand-in hosts in tests: answers a batch of probes (see {@link ProbeBatch}) from each probe's
 * answer as a single read gives it, {@code type|mode|owner|group|size}, a newline, the link target,
 * a NUL and the content (or ABSENT), putting each file's first line in the batch's one stat.
 */
public final class ProbeBatchAnswers {
    private static final Pattern STAT = Pattern.compile("^stat --printf '[^']*' --(.*?) </dev/null 2>/dev/null; printf '\\\\n(@bollard-[0-9a-f]+) stat\\\\n'\n",
            Pattern.DOTALL);
    private static final Pattern END = Pattern.compile(" </dev/null; printf '\\\\n(@bollard-[0-9a-f]+) (\\d+) %d\\\\n' \\$\\?\n");
    private static final Pattern FILE = Pattern.compile("^if \\[ -L (\\S+) \\]");

    private ProbeBatchAnswers() {
    }

    /** Whether {@code script} is a batch of probes. */
    public static boolean isBatch(String script) {
        return END.matcher(script).find();
    }

    /**
     * The host's output for the batch {@code script}; {@code single} answers each probe's body (a
     * query's script without its subshell, or a file probe) as one read of it would be answered.
     */
    public static String answer(String script, Function<String, ExecResult> single) {
        StringBuilder stats = new StringBuilder();
        StringBuilder out = new StringBuilder();
        Matcher stat = STAT.matcher(script);
        String marker = null;
        int start = 0;
        if (stat.find()) {
            marker = stat.group(2);
            start = stat.end();
        }
        Matcher end = END.matcher(script);
        while (end.find(start)) {
            String body = script.substring(start, end.start()).strip();
            if (body.startsWith("( ") && body.endsWith(")")) body = body.substring(2, body.length() - 1).strip();
            ExecResult a = single.apply(body);
            String text = a.stdout();
            Matcher file = FILE.matcher(body);
            if (file.find() && !text.startsWith("ABSENT")) {
                int nl = text.indexOf('\n');
                stats.append(unquote(file.group(1))).append('\0').append(text, 0, nl).append('\0');
                text = "+" + text.substring(nl + 1);
            }
            out.append(text).append('\n').append(end.group(1)).append(' ').append(end.group(2)).append(' ').append(a.rc()).append('\n');
            start = end.end();
        }
        return marker == null ? out.toString() : stats + "\n" + marker + " stat\n" + out;
    }

    private static String unquote(String quoted) {
        return quoted.startsWith("'") && quoted.endsWith("'") ? quoted.substring(1, quoted.length() - 1).replace("'\\''", "'") : quoted;
    }
}
