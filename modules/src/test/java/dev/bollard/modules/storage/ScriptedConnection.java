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
 * needle occurs in it; the probe scripts of {@link Probe} are answered section by section. Files
 * read through HostState and written through WriteFile live in a map. Every command is recorded.
 */
final class ScriptedConnection implements Connection {
    private static final Pattern SECTION = Pattern.compile("echo @@(\\d+); \\{ (.*?) ; \\} 2>&1; echo \"@@rc \\$\\?\"; ", Pattern.DOTALL);
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

    /** Commands other than fact probes and file reads: what apply ran. */
    List<String> changes() {
        return commands.stream().filter(c -> !c.startsWith("export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1; echo @@")
                && !FILE_PROBE.matcher(c).find()).map(ScriptedConnection::strip).toList();
    }

    private static String strip(String c) {
        return c.replace("export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1; ", "").replace(" </dev/null", "");
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) {
        String script = dev.bollard.spi.TimeLimit.strip(command);
        commands.add(script);
        Matcher probe = FILE_PROBE.matcher(script);
        if (probe.find()) {
            String content = files.get(probe.group(1));
            if (content == null) return ExecResult.of(0, "ABSENT", "");
            return ExecResult.of(0, "regular file|644|root|root|" + content.length() + "\n\n" + content, "");
        }
        Matcher write = WRITE.matcher(script);
        if (write.find()) {
            files.put(write.group(1), new String(stdin, StandardCharsets.UTF_8));
            return ExecResult.of(0, "", "");
        }
        Matcher sections = SECTION.matcher(script);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (sections.find()) {
            any = true;
            Answer a = answer(sections.group(2));
            out.append("@@").append(sections.group(1)).append('\n').append(a.out());
            if (!a.out().isEmpty() && !a.out().endsWith("\n")) out.append('\n');
            out.append("@@rc ").append(a.rc()).append('\n');
        }
        if (any) return ExecResult.of(0, out.toString(), "");
        Answer a = answer(script);
        return ExecResult.of(a.rc(), a.out(), a.rc() == 0 ? "" : a.out());
    }

    private Answer answer(String command) {
        for (int i = answers.size() - 1; i >= 0; i--) {
            if (command.contains(answers.get(i).needle())) return answers.get(i);
        }
        return new Answer("", 0, "");
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
    }
}
