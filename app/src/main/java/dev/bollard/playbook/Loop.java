package dev.bollard.playbook;

import java.util.Map;
import java.util.Set;

/**
 * A task's loop as written: {@code loop:} or one of the {@code with_*} forms (the kind says how
 * the items are made from the value), and its {@code loop_control}.
 */
public record Loop(String kind, Object source, String loopVar, String indexVar, Object label, double pause,
                   boolean extended) {
    /** The keywords that make a task loop. */
    public static final Set<String> KINDS = Set.of("loop", "with_items", "with_list", "with_dict", "with_together", "with_fileglob");
    static final Set<String> CONTROL_KEYS = Set.of("loop_var", "index_var", "label", "pause", "extended");

    static Loop of(String kind, Object source, Map<String, Object> control) {
        Object pause = control.get("pause");
        return new Loop(kind, source,
                control.containsKey("loop_var") ? String.valueOf(control.get("loop_var")) : "item",
                control.containsKey("index_var") ? String.valueOf(control.get("index_var")) : null,
                control.get("label"),
                pause == null ? 0 : Double.parseDouble(String.valueOf(pause)),
                Boolean.TRUE.equals(control.get("extended")) || "true".equals(String.valueOf(control.get("extended")).toLowerCase(java.util.Locale.ROOT)));
    }
}
