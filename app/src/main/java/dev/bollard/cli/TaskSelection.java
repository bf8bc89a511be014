package dev.bollard.cli;

import dev.bollard.playbook.Play;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.Task;
import dev.bollard.spi.Suggest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --tags}, {@code --skip-tags} and {@code --start-at-task} that select nothing are mistakes
 * (a typo, the wrong playbook): said before the run, where Ansible would quietly run nothing.
 */
final class TaskSelection {
    private static final Set<String> SPECIAL = Set.of("all", "tagged", "untagged", "always", "never");

    private TaskSelection() {
    }

    /** What is wrong with the selection, or null. */
    static String problem(Playbook book, List<String> tags, List<String> skipTags, String startAtTask) {
        if (tags.isEmpty() && skipTags.isEmpty() && startAtTask == null) return null;
        Set<String> known = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (Play play : book.plays()) {
            for (Task t : play.tasks()) {
                // tasks an include_tasks reads at run time are not known yet: nothing can be said
                if (t.module().equals("include_tasks")) return null;
                known.addAll(t.tags());
                names.addAll(t.handlerNames());
            }
            for (Task h : play.handlers()) known.addAll(h.tags());
        }
        for (List<String> list : List.of(tags, skipTags)) {
            for (String tag : list) {
                if (!SPECIAL.contains(tag) && !known.contains(tag)) {
                    return (list == tags ? "--tags" : "--skip-tags") + ": no task of " + book.file() + " has the tag '" + tag + "'"
                            + Suggest.closest(tag, known) + (known.isEmpty() ? " (it has no tags)" : " (its tags: " + String.join(", ", known) + ")");
                }
            }
        }
        if (startAtTask != null && !names.contains(startAtTask)) {
            return "--start-at-task: no task of " + book.file() + " is named '" + startAtTask + "'" + Suggest.closest(startAtTask, names);
        }
        return null;
    }
}
