package dev.bollard.report;

import dev.bollard.playbook.Control;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the playbook says of a task beyond its results, for the report files: its {@code verify:}
 * probes as written (a seed's own check) and the controls it names (its tags, and the control
 * keys of its loop items as far as they are known before the run). A no_log task's probes are
 * not shown.
 */
record TaskNotes(List<String> checks, List<String> controls) {
    static final TaskNotes NONE = new TaskNotes(List.of(), List.of());

    /** The notes of every task and handler of the plays, by the task's location; {@code itemControls}: what a task's loop items name. */
    static Map<String, TaskNotes> of(Playbook book, Function<Task, Set<Control>> itemControls) {
        Map<String, TaskNotes> out = new LinkedHashMap<>();
        for (Play p : book.plays()) {
            for (List<Task> tasks : List.of(p.tasks(), p.handlers())) {
                for (Task t : tasks) {
                    TreeSet<Control> named = new TreeSet<>(t.controls());
                    named.addAll(itemControls.apply(t));
                    TaskNotes n = new TaskNotes(t.noLog() ? List.of() : List.copyOf(t.verify()), named.stream().map(Control::name).toList());
                    if (!n.equals(NONE)) out.put(t.location().toString(), n);
                }
            }
        }
        return out;
    }
}
