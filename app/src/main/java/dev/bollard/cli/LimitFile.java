package dev.bollard.cli;

import dev.bollard.playbook.PlaybookException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --limit @FILE}: host names one a line (a retry file), as a limit pattern. */
final class LimitFile {
    private LimitFile() {
    }

    static String read(Path file) throws PlaybookException {
        try {
            List<String> hosts = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String h = line.strip();
                if (!h.isEmpty() && !h.startsWith("#")) hosts.add(h);
            }
            if (hosts.isEmpty()) throw new PlaybookException("--limit @" + file + ": the file names no host");
            return String.join(":", hosts);
        } catch (IOException e) {
            throw new PlaybookException("--limit @" + file + ": cannot read: " + e.getMessage());
        }
    }
}
