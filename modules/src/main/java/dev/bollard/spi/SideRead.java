package dev.bollard.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * A read carried by another command (see {@link HostState#readWithNextCommand}): its output travels on
 * the command's stderr, each line marked, and is taken out again before the command's own caller sees it.
 */
final class SideRead {
    private static final String MARK = "@bollard-side@ ";

    private SideRead() {
    }

    record Split(String side, ExecResult rest) {
    }

    /** The shell text put before the command: the read, its errors dropped, its lines marked onto stderr. */
    static String prefix(String script) {
        return "{ " + script + "; } 2>/dev/null | sed 's/^/" + MARK + "/' >&2; ";
    }

    static Split split(ExecResult r) {
        List<String> side = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        String err = r.stderr();
        int start = 0;
        while (start < err.length()) {
            int end = err.indexOf('\n', start);
            String line = end < 0 ? err.substring(start) : err.substring(start, end + 1);
            if (line.startsWith(MARK)) side.add(line.substring(MARK.length()).stripTrailing());
            else rest.append(line);
            start = end < 0 ? err.length() : end + 1;
        }
        return new Split(String.join("\n", side), new ExecResult(r.rc(), r.out(), rest.toString()));
    }
}
