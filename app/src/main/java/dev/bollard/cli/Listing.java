package dev.bollard.cli;

import dev.bollard.engine.Preflight;
import dev.bollard.engine.RunOptions;
import dev.bollard.inventory.Host;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.Task;
import java.io.PrintStream;
import java.util.TreeSet;

/** {@code --list-hosts} and {@code --list-tasks}. */
final class Listing {
    private Listing() {
    }

    static void print(PrintStream out, Playbook book, Preflight.Checked checked, RunOptions opts, boolean hosts, boolean tasks) {
        out.println("playbook: " + book.file());
        for (Play play : book.plays()) {
            out.println();
            out.println("  play: " + play.displayName() + " (" + play.location() + ")");
            if (hosts) {
                out.println("    hosts (" + checked.hosts(play).size() + "):");
                for (Host h : checked.hosts(play)) out.println("      " + h.name());
            }
            if (tasks) {
                out.println("    tasks:");
                for (Task t : play.tasks()) {
                    String tags = t.tags().isEmpty() ? "" : "\tTAGS: [" + String.join(", ", new TreeSet<>(t.tags())) + "]";
                    out.println("      " + t.displayName() + tags);
                }
            }
        }
    }
}
