package dev.bollard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** How one task ended on one host (ok, changed, skipped, failed, unreachable), and its message. */
public record TaskStatus(String task, String status, String msg) {

    /** The task results Bollard printed with --json for {@code host}, in the order run. */
    public static List<TaskStatus> of(Bollard.Run run, String host) {
        List<TaskStatus> out = new ArrayList<>();
        for (JsonNode e : run.events()) {
            if (!"task".equals(e.path("event").asText()) || !host.equals(e.path("host").asText())) continue;
            out.add(new TaskStatus(e.path("task").asText(), e.path("status").asText(), e.path("msg").asText("")));
        }
        return List.copyOf(out);
    }

    /**
     * Null when both lists name the same tasks with the same statuses; otherwise a table of every
     * task side by side, the differing rows marked, with the message of a failed task.
     */
    public static String differences(String leftName, List<TaskStatus> left, String rightName, List<TaskStatus> right) {
        boolean same = left.size() == right.size();
        for (int i = 0; same && i < left.size(); i++) same = left.get(i).sameAs(right.get(i));
        if (same) return null;
        int width = 4;
        for (TaskStatus t : left) width = Math.max(width, t.task().length());
        for (TaskStatus t : right) width = Math.max(width, t.task().length());
        StringBuilder sb = new StringBuilder(String.format("   %-" + width + "s  %-9s %s%n", "task", leftName, rightName));
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            TaskStatus l = i < left.size() ? left.get(i) : null;
            TaskStatus r = i < right.size() ? right.get(i) : null;
            boolean rowSame = l != null && r != null && l.sameAs(r);
            String name = l != null ? l.task() : r.task();
            if (r != null && l != null && !l.task().equals(r.task())) name = l.task() + " / " + r.task();
            sb.append(String.format("%s %-" + width + "s  %-9s %s%n", rowSame ? "  " : "!!", name,
                    l == null ? "-" : l.status(), r == null ? "-" : r.status()));
            for (TaskStatus t : new TaskStatus[] {l, r}) {
                if (t != null && !rowSame && !t.msg().isEmpty()) {
                    sb.append("     ").append(t == l ? leftName : rightName).append(": ").append(shorten(t.msg())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String shorten(String msg) {
        String line = msg.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private boolean sameAs(TaskStatus other) {
        return task.equals(other.task) && status.equals(other.status);
    }
}
