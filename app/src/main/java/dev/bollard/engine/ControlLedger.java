package dev.bollard.engine;

import dev.bollard.playbook.Block;
import dev.bollard.playbook.Control;
import dev.bollard.playbook.Loop;
import dev.bollard.playbook.Task;
import dev.bollard.report.ControlsReport;
import dev.bollard.report.ControlsReport.Finding;
import dev.bollard.report.ControlsReport.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Verify's evidence for the controls report: what each task and loop item showed about the
 * controls it names, host by host, and, for a task that never ran on a host of its play, why.
 * Results come in from the hosts' threads.
 */
final class ControlLedger {
    private static final String HIDDEN = "(hidden by no_log)";

    /** {@code key}: the task and item, as drift names them. */
    private record Entry(String host, Control control, Finding finding, String key) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Per host, the tasks of the plays it is in, in order. */
    private final Map<String, List<Task>> planned = new LinkedHashMap<>();
    /** Per host, the tasks the run passed over there (--tags, --start-at-task), with why. */
    private final Map<String, Map<Task, String>> passed = new LinkedHashMap<>();
    /** Per host, the tasks that gave a result there. */
    private final Map<String, Set<Task>> ran = new LinkedHashMap<>();
    /** The controls each task names: by its tags, its literal loop items, and what its items named on any host. */
    private final Map<Task, Set<Control>> named = new IdentityHashMap<>();

    /**
     * The tasks of a play, for its hosts: each will be reported, run or not. {@code itemControls}:
     * what a task's loop items name, as far as they were known before the run.
     */
    synchronized void plan(List<Task> tasks, List<String> hosts, Function<Task, Set<Control>> itemControls) {
        for (String h : hosts) planned.computeIfAbsent(h, k -> new ArrayList<>()).addAll(tasks);
        for (Task t : tasks) names(t).addAll(itemControls.apply(t));
    }

    /** The run passed over a task on these hosts, and why. */
    synchronized void passOver(Task task, List<String> hosts, String why) {
        for (String h : hosts) {
            List<Task> tasks = planned.computeIfAbsent(h, k -> new ArrayList<>());
            if (tasks.stream().noneMatch(t -> t == task)) tasks.add(task);
            passed.computeIfAbsent(h, k -> new IdentityHashMap<>()).put(task, why);
        }
        names(task);
    }

    synchronized void record(Task task, String host, TaskResult r) {
        ran.computeIfAbsent(host, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(task);
        Set<Control> taskControls = names(task);
        // an include that ran leaves its controls to the tasks it included, which carry its tags
        if (task.module().equals("include_tasks") && r.status() == Status.OK) return;
        boolean hide = task.noLog();
        if (r.items().isEmpty()) {
            add(host, task.controls(), r.controls(), finding(r.task(), hide || r.item() == null ? null : r.item(), r, hide), HostRun.key(r));
            return;
        }
        for (int i = 0; i < r.items().size(); i++) {
            TaskResult item = r.items().get(i);
            taskControls.addAll(item.controls());
            add(host, task.controls(), item.controls(), finding(r.task(), hide ? "item " + (i + 1) : item.item(), item, hide), HostRun.key(item));
        }
    }

    private void add(String host, List<Control> ofTask, List<Control> ofItem, Finding f, String key) {
        Set<Control> all = new TreeSet<>(ofTask);
        all.addAll(ofItem);
        for (Control c : all) entries.add(new Entry(host, c, f, key));
    }

    private Set<Control> names(Task task) {
        return named.computeIfAbsent(task, t -> {
            Set<Control> s = new TreeSet<>(t.controls());
            s.addAll(literalItemControls(t.loop()));
            return s;
        });
    }

    /** Controls the items of a loop written out in the playbook name: known even where the task never runs. */
    private static List<Control> literalItemControls(Loop loop) {
        if (loop == null || !(loop.source() instanceof List<?> items)) return List.of();
        List<Control> out = new ArrayList<>();
        for (Object item : items) {
            try {
                out.addAll(Control.ofItem(item));
            } catch (IllegalArgumentException e) {
                // refused by preflight, or an expression that the run resolves
            }
        }
        return out;
    }

    static Finding finding(String task, String item, TaskResult r, boolean hide) {
        String msg = hide ? HIDDEN : firstLine(r.msg());
        return switch (r.status()) {
            case OK, CHANGED -> new Finding(task, item, Kind.HELD, msg);
            case FAILED -> new Finding(task, item, Kind.FAILED, msg + (r.ignored() ? " (ignore_errors)" : ""));
            case SKIPPED -> msg.startsWith(ModuleStep.NOTHING_TO_CHECK)
                    ? new Finding(task, item, Kind.NOT_RUN, msg.substring(ModuleStep.NOTHING_TO_CHECK.length()))
                    : new Finding(task, item, Kind.SKIPPED, msg);
            case UNREACHABLE -> new Finding(task, item, Kind.NOT_RUN, "host unreachable: " + msg);
        };
    }

    /**
     * The report, hosts in the order given; {@code interrupted}: Ctrl-C stopped the run; {@code drift}:
     * per host, the failures that held at the run compared with (their findings say drifted).
     */
    synchronized ControlsReport report(List<HostRun> hosts, boolean interrupted, Map<String, List<dev.bollard.report.Drift>> drift) {
        ControlsReport.Builder b = new ControlsReport.Builder();
        for (HostRun h : hosts) b.host(h.name());
        for (Entry e : entries) {
            Finding f = e.finding();
            dev.bollard.report.Drift d = f.kind() != Kind.FAILED ? null : drift.getOrDefault(e.host(), List.of()).stream()
                    .filter(x -> (x.location() + "\u0000" + (x.item() == null ? "" : x.item())).equals(e.key())).findFirst().orElse(null);
            if (d != null) f = new Finding(f.task(), f.item(), Kind.DRIFTED, "held at " + d.sinceKind() + " " + d.since() + ", not now: " + f.text());
            b.add(e.host(), e.control(), f);
        }
        for (HostRun h : hosts) {
            Set<Task> done = ran.getOrDefault(h.name(), Set.of());
            Map<Task, String> over = passed.getOrDefault(h.name(), Map.of());
            for (Task t : planned.getOrDefault(h.name(), List.of())) {
                Set<Control> cs = named.getOrDefault(t, Set.of());
                if (cs.isEmpty() || done.contains(t)) continue;
                String why = over.get(t);
                Kind kind = Kind.NOT_RUN;
                if (why == null) {
                    why = whyNotRun(t, h, interrupted);
                    if (active(h, interrupted) && inRescue(t)) kind = Kind.SKIPPED;
                }
                for (Control c : cs) b.add(h.name(), c, new Finding(t.displayName(), null, kind, why));
            }
        }
        return b.build();
    }

    private static boolean active(HostRun h, boolean interrupted) {
        return !h.unreachable && !h.failed && !interrupted;
    }

    private static String whyNotRun(Task t, HostRun h, boolean interrupted) {
        if (h.unreachable) return "host unreachable" + (h.unreachableBecause == null ? "" : ": " + firstLine(h.unreachableBecause));
        if (interrupted) return "the run was interrupted (Ctrl-C) before this task";
        if (h.failed) return "the run stopped on this host before this task";
        if (inRescue(t)) return "a rescue task: it runs only when its block fails";
        if (t.scope() != null && t.scope().chain().stream().anyMatch(s -> h.blocks.containsKey(s.block()))) return "its block failed before it";
        if (t.runOnce() != null && !Boolean.FALSE.equals(t.runOnce())) return "run_once: it ran on another host of the play";
        return "the task did not run on this host";
    }

    private static boolean inRescue(Task t) {
        return t.scope() != null && t.scope().chain().stream().anyMatch(s -> s.part() == Block.Part.RESCUE);
    }

    private static String firstLine(String text) {
        if (text == null) return "";
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " ...";
    }
}
