package dev.bollard.modules.facts;

import dev.bollard.spi.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the host answered to a {@link FactScript}, by name. A command that failed or printed
 * nothing, or a file that is missing, reads as empty text: a missing fact, never an error.
 */
final class Sections {
    private final Map<String, ExecResult> byName;
    private final Set<String> found;

    Sections(Map<String, ExecResult> byName, Set<String> found) {
        this.byName = byName;
        this.found = found;
    }

    /** Recorded answers, for tests: each name's output (exit code 0), and the paths and programs found. */
    static Sections of(Map<String, String> outputs, String... pathsAndPrograms) {
        Map<String, ExecResult> m = new LinkedHashMap<>();
        outputs.forEach((k, v) -> m.put(k, ExecResult.of(0, v, "")));
        Set<String> found = new java.util.HashSet<>();
        for (String p : pathsAndPrograms) found.add(p.startsWith("/") ? "path:" + p : "program:" + p);
        return new Sections(m, found);
    }

    byte[] bytes(String name) {
        ExecResult r = byName.get(name);
        return r == null ? new byte[0] : r.out();
    }

    String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The output without surrounding white space, as Ansible's get_file_content gives a file. */
    String stripped(String name) {
        return text(name).strip();
    }

    /** The output's lines, without their line ends. */
    List<String> lines(String name) {
        String t = text(name);
        List<String> out = new ArrayList<>();
        if (t.isEmpty()) return out;
        for (String line : t.split("\n", -1)) out.add(line);
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    boolean exists(String path) {
        return found.contains("path:" + path);
    }

    boolean hasProgram(String program) {
        return found.contains("program:" + program);
    }
}
