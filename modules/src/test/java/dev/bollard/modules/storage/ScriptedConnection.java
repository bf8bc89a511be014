package dev.bollard.modules.storage;

import dev.bollard.spi.Connection;
import dev.bollard.spi.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host with recorded facts: each command is answered by the most recently added answer whose
 * needle occurs in it; a command nothing answers fails the test (an AssertionError naming it).
 * The storage reads of {@link StorageScripts} get their answer with the exit code on a last line,
 * and a batch of probes (what the engine prefetches) is answered probe by probe. Files read
 * through HostState and written through WriteFile live in a map. Every command is recorded.
 */
final class ScriptedConnection implements Connection {
    private static final String ENV = "export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1; ";
    private static final Pattern READ = Pattern.compile("^" + Pattern.quote(ENV + "{ ") + "(.*) ; \\} 2>&1; echo \"@rc \\$\\?\"$",
            Pattern.DOTALL);
    private static final Pattern BATCH_END = Pattern.compile(" </dev/null; printf '\\\\n(@bollard-[0-9a-f]+) (\\d+) %d\\\\n' \\$\\?\n");
    private static final Pattern FILE_PROBE = Pattern.compile("^if \\[ -L (\\S+) \\]");
    private static final Pattern WRITE = Pattern.compile("mv -f -- \"\\$t\" (\\S+); trap - EXIT$");

    private record Answer(String needle, int rc, String out) {
    }

    private final List<Answer> answers = new ArrayList<>();
    final List<String> commands = new ArrayList<>();
    final Map<String, String> files = new HashMap<>();

    ScriptedConnection on(String needle, String out) {
        return on(needle, 0, out);
    }

    ScriptedConnection on(String needle, int rc, String out) {
        answers.add(new Answer(needle, rc, out));
        return this;
    }

    /** Commands (by a part of them) that succeed with no output: the changes a test lets apply run. */
    ScriptedConnection succeeds(String... needles) {
        for (String n : needles) on(n, "");
        return this;
    }

    /** A device as blkid -p sees it; {@code blkid} is its export output, empty for a blank device. */
    ScriptedConnection device(String path, long size, String blkid) {
        return device(path, path, size, blkid);
    }

    ScriptedConnection device(String path, String canonical, long size, String blkid) {
        String out = "@canon=" + canonical + "\n@size=" + size + "\n" + blkid + "@blkid_rc=" + (blkid.isEmpty() ? 2 : 0) + "\n";
        return on("d=" + path + ";", out);
    }

    ScriptedConnection missing(String path) {
        return on("d=" + path + ";", "@missing\n");
    }

    /** Commands other than reads (storage reads, file reads, batches of them): what apply ran. */
    List<String> changes() {
        return commands.stream().filter(c -> !READ.matcher(c).matches() && !BATCH_END.matcher(c).find()
                && !FILE_PROBE.matcher(c).find()).map(ScriptedConnection::strip).toList();
    }

    /** How many commands were sent: each one round trip. */
    int roundTrips() {
        return commands.size();
    }

    private static String strip(String c) {
        return c.replace(ENV, "").replace(" </dev/null", "");
    }

    @Override
    public ExecResult exec(String command, byte[] input, Duration timeout) {
        dev.bollard.spi.ScriptOnStdin.Unfolded sent = dev.bollard.spi.ScriptOnStdin.unfold(command, input);
        String script = sent.script();
        byte[] stdin = sent.input();
        commands.add(script);
        if (!dev.bollard.spi.ProbeBatchAnswers.isBatch(script)) return single(script, stdin);
        return ExecResult.of(0, dev.bollard.spi.ProbeBatchAnswers.answer(script, body -> single(body, null)), "");
    }

    private ExecResult single(String script, byte[] stdin) {
        Matcher probe = FILE_PROBE.matcher(script);
        if (probe.find()) {
            String content = files.get(probe.group(1));
            if (content == null) return ExecResult.of(0, "ABSENT", "");
            return ExecResult.of(0, "regular file|644|root|root|" + content.length() + "\n\0" + content, "");
        }
        Matcher write = WRITE.matcher(script);
        if (write.find()) {
            // a write's input is its content followed by an end line (see WriteFile)
            String sentText = new String(stdin, StandardCharsets.UTF_8);
            files.put(write.group(1), sentText.substring(0, sentText.length() - "bollard-end\n".length()));
            return ExecResult.of(0, "", "");
        }
        Matcher read = READ.matcher(script);
        if (read.matches()) {
            Answer a = answer(read.group(1));
            String out = a.out().isEmpty() || a.out().endsWith("\n") ? a.out() : a.out() + "\n";
            return ExecResult.of(0, out + "@rc " + a.rc() + "\n", "");
        }
        Answer a = answer(script);
        return ExecResult.of(a.rc(), a.out(), a.rc() == 0 ? "" : a.out());
    }

    private Answer answer(String command) {
        for (int i = answers.size() - 1; i >= 0; i--) {
            if (command.contains(answers.get(i).needle())) return answers.get(i);
        }
        throw new AssertionError("unscripted command: " + command);
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
    }
}
