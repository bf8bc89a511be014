package dev.bollard.engine;

import dev.bollard.playbook.Task;
import java.util.Set;

/** {@code --tags} / {@code --skip-tags} as Ansible reads them, with the special tags always and never. */
final class Tags {
    private Tags() {
    }

    static boolean selected(Task task, RunOptions opts) {
        Set<String> tags = task.tags();
        if (!opts.skipTags().isEmpty() && tags.stream().anyMatch(opts.skipTags()::contains)) return false;
        if (opts.tags().isEmpty() || opts.tags().contains("all")) return !tags.contains("never");
        if (tags.contains("always")) return true;
        if (opts.tags().contains("tagged") && !tags.isEmpty()) return true;
        if (opts.tags().contains("untagged") && tags.isEmpty()) return true;
        return tags.stream().anyMatch(opts.tags()::contains);
    }
}
