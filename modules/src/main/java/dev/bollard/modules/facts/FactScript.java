package dev.bollard.modules.facts;

import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads one fact gathering makes, sent to the host together in one round trip: named shell
 * commands, plus two commands of its own that answer many small questions each. Files are read
 * by one {@code grep -H}, which prefixes every line with its file's name, so each file's text
 * comes apart again without a process per file; tests of paths and programs use the shell's
 * builtins only. Processes are what a gathering costs on the host.
 */
final class FactScript {
    private static final String FILES = "files";
    private static final String PATHS = "paths";
    /** sbin folders are not on a normal user's PATH, but ip, lsblk or dmidecode may live there (Ansible's get_bin_path looks too). */
    private static final String PREAMBLE = "exec 2>/dev/null; PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"\n";
    private final Map<String, String> commands = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private final Set<String> programs = new LinkedHashSet<>();

    /** Adds a command under a name; a name already there keeps its first command. */
    FactScript add(String name, String command) {
        commands.putIfAbsent(name, command);
        return this;
    }

    /** Reads a text file under a name (nothing when it is missing or unreadable). */
    FactScript file(String name, String path) {
        files.putIfAbsent(name, path);
        return this;
    }

    /** Asks whether paths exist (following links, a trailing slash asking for a directory). */
    FactScript exists(String... more) {
        paths.addAll(List.of(more));
        return this;
    }

    /** Asks whether programs can be found on the PATH (sbin included). */
    FactScript programs(String... names) {
        programs.addAll(List.of(names));
        return this;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(commands.keySet());
        names.add(FILES);
        names.add(PATHS);
        return names;
    }

    /** The commands to run, in the order {@link #answers} expects their results. */
    List<String> commands() {
        List<String> out = new ArrayList<>();
        for (String c : commands.values()) out.add(PREAMBLE + c);
        StringBuilder grep = new StringBuilder(PREAMBLE + "grep -aHs '' --");
        for (String p : new LinkedHashSet<>(files.values())) grep.append(' ').append(Shell.quote(p));
        out.add(files.isEmpty() ? "true" : grep.toString());
        StringBuilder s = new StringBuilder(PREAMBLE);
        if (!paths.isEmpty()) {
            s.append("for p in");
            for (String p : paths) s.append(' ').append(Shell.quote(p));
            s.append("; do [ -e \"$p\" ] && printf 'path:%s\\n' \"$p\"; done\n");
        }
        if (!programs.isEmpty()) {
            s.append("for c in");
            for (String c : programs) s.append(' ').append(Shell.quote(c));
            s.append("; do command -v \"$c\" >/dev/null && printf 'program:%s\\n' \"$c\"; done\n");
        }
        s.append("true");
        out.add(s.toString());
        return out;
    }

    /** The answers to {@link #commands()}, by name: commands, each file read, and the path tests. */
    Sections answers(List<ExecResult> results) {
        Map<String, ExecResult> byName = new LinkedHashMap<>();
        List<String> names = names();
        for (int i = 0; i < names.size() && i < results.size(); i++) byName.put(names.get(i), results.get(i));
        ExecResult grep = byName.remove(FILES);
        Map<String, StringBuilder> texts = splitFiles(grep == null ? "" : grep.stdout());
        files.forEach((name, path) -> {
            StringBuilder text = texts.get(path);
            if (text != null) byName.put(name, new ExecResult(0, text.toString().getBytes(StandardCharsets.UTF_8), ""));
        });
        ExecResult tests = byName.remove(PATHS);
        Set<String> found = new LinkedHashSet<>();
        if (tests != null) found.addAll(tests.stdout().lines().toList());
        return new Sections(byName, found);
    }

    /** {@code path:line} lines back into each file's text. */
    private Map<String, StringBuilder> splitFiles(String out) {
        Map<String, StringBuilder> texts = new LinkedHashMap<>();
        for (String line : out.split("\n", -1)) {
            for (String path : files.values()) {
                if (line.startsWith(path + ":")) {
                    texts.computeIfAbsent(path, k -> new StringBuilder()).append(line, path.length() + 1, line.length()).append('\n');
                    break;
                }
            }
        }
        return texts;
    }
}
