package dev.bollard.cli;

import dev.bollard.engine.RunJournal;
import dev.bollard.journal.RunId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What a run's journal entries say of the run: its id and time, the playbook, who ran it from where, Bollard's version. */
final class RunJournals {
    static final String VERSION = "0.1.0";

    private RunJournals() {
    }

    static RunJournal.Header header(Path playbook) {
        Instant now = Instant.now();
        return new RunJournal.Header(RunId.at(now), now, playbook == null ? null : playbook.toAbsolutePath().normalize().toString(),
                control(), VERSION);
    }

    /** {@code user@machine} of the control machine. */
    static String control() {
        return System.getProperty("user.name") + "@" + machine();
    }

    private static String machine() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) return name;
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver below
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
