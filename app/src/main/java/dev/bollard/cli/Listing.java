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

    static void print(PrintStream out, Playbook book, Preflight.Checked checked, RunOptions opts, boolean hosts, boolean tasks,
                      boolean tags) {
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
                    String tagList = t.tags().isEmpty() ? "" : "\tTAGS: [" + String.join(", ", new TreeSet<>(t.tags())) + "]";
                    out.println("      " + t.displayName() + tagList);
                }
            }
            if (tags) {
                java.util.Set<String> all = new TreeSet<>();
                for (Task t : play.tasks()) all.addAll(t.tags());
                for (Task t : play.handlers()) all.addAll(t.tags());
                out.println("    TASK TAGS: [" + String.join(", ", all) + "]");
            }
        }
    }
}
