package dev.bollard.engine;

import dev.bollard.playbook.Play;
import dev.bollard.playbook.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task Ansible runs first in a play that gathers facts: {@code setup} (with the play's
 * {@code gather_subset}), shown as "Gathering Facts", run whatever the tags, as the play's
 * {@code become} says. Each host gathers once per run; a later play uses what was read.
 */
final class FactGathering {
    static final String NAME = "Gathering Facts";

    private FactGathering() {
    }

    static Task task(Play play) {
        Map<String, Object> args = play.gatherSubset().isEmpty() ? Map.of() : Map.of("gather_subset", play.gatherSubset());
        return new Task(NAME, "setup", args, play.location(), Map.of(), null, null, null, List.of(), null, null, Boolean.FALSE,
                Set.of("always"), null, null, List.of(), null, false, Map.of(), List.of(), null, null, null, Map.of(), null, null, null);
    }
}
