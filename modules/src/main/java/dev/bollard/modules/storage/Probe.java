package dev.bollard.modules.storage;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several read-only commands sent to a host as one script (one round trip); each command's output
 * (stderr folded in) and exit code come back as a numbered section.
 */
final class Probe {
    /** One command's answer. */
    record Section(int rc, String out) {
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) lines.add(l.strip());
            }
            return lines;
        }

        /** The first line that is not a warning, for an error message. */
        String error() {
            for (String l : lines()) {
                if (!l.startsWith("WARNING")) return l;
            }
            return "exit code " + rc;
        }
    }

    private final List<String> names = new ArrayList<>();
    private final StringBuilder script = new StringBuilder("export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1; ");

    Probe add(String name, String command) {
        script.append("echo @@").append(names.size()).append("; { ").append(command)
                .append(" ; } 2>&1; echo \"@@rc $?\"; ");
        names.add(name);
        return this;
    }

    String script() {
        return script.toString();
    }

    Map<String, Section> run(TaskContext ctx) throws ConnectionException, ModuleFailure {
        ExecResult r = ctx.run(script());
        Map<String, Section> sections = parse(r.stdout());
        if (sections.size() != names.size()) {
            throw new ModuleFailure("unexpected answer while reading storage facts on " + ctx.hostName() + ": " + r.firstErrorLine());
        }
        return sections;
    }

    private Map<String, Section> parse(String out) {
        Map<String, Section> sections = new HashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (current == null && line.matches("@@\\d+")) {
                int i = Integer.parseInt(line.substring(2));
                current = i < names.size() ? names.get(i) : null;
                text.setLength(0);
            } else if (current != null && line.matches("@@rc \\d+")) {
                sections.put(current, new Section(Integer.parseInt(line.substring(5)), text.toString()));
                current = null;
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
        return sections;
    }
}
