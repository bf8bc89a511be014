package dev.bollard.report;

import dev.bollard.engine.Status;
import dev.bollard.engine.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's results as rows, for the report files: a row per task of each play in the order the
 * run met them, with each host's result and how long the host took over it. A task met again on
 * a host that already has a result in its row (a second flush of handlers, a file included
 * twice) gets a row of its own; the batches of a serial play share the task's row.
 */
final class TaskLog {

    /** One task of a play: its results by host, and the hosts of the play that were still in it when it started. */
    static final class TaskRow {
        final String play;
        final String kind;
        final String title;
        final String location;
        final List<String> hosts;
        final Map<String, TaskResult> results = new LinkedHashMap<>();
        final Map<String, Double> seconds = new LinkedHashMap<>();
        /** Per host of the play without a result here, why (the host had stopped before the task started). */
        final Map<String, String> stopped = new LinkedHashMap<>();

        TaskRow(String play, String kind, String title, String location, List<String> hosts) {
            this.play = play;
            this.kind = kind;
            this.title = title;
            this.location = location;
            this.hosts = hosts;
        }

        boolean handler() {
            return kind.equals("HANDLER");
        }
    }

    private final List<TaskRow> rows = new ArrayList<>();
    private final Map<String, List<TaskRow>> byKey = new LinkedHashMap<>();
    /** Per host that stopped (a failure that was not ignored, no answer), why. */
    private final Map<String, String> stoppedHosts = new LinkedHashMap<>();
    private String play = "";
    private List<String> playHosts = List.of();
    private String kind;
    private String title;
    private String location;
    private long started;

    synchronized void playStart(String play, List<String> hosts) {
        this.play = play;
        this.playHosts = List.copyOf(hosts);
    }

    synchronized void taskStart(String kind, String title, String location) {
        this.kind = kind;
        this.title = title;
        this.location = location;
        this.started = System.nanoTime();
    }

    synchronized void result(TaskResult r) {
        if (kind == null) return;
        TaskRow row = rowFor(r.host());
        row.results.put(r.host(), r);
        row.seconds.put(r.host(), (System.nanoTime() - started) / 1e9);
        if (r.status() == Status.UNREACHABLE) stoppedHosts.putIfAbsent(r.host(), "host unreachable: " + firstLine(r.msg()));
        else if (r.status() == Status.FAILED && !r.ignored()) stoppedHosts.putIfAbsent(r.host(), "this host failed an earlier task");
    }

    private TaskRow rowFor(String host) {
        List<TaskRow> same = byKey.computeIfAbsent(play + "\u0000" + kind + "\u0000" + location + "\u0000" + title, k -> new ArrayList<>());
        for (TaskRow row : same) {
            if (!row.results.containsKey(host)) return row;
        }
        TaskRow row = new TaskRow(play, kind, title, location, playHosts);
        for (String h : playHosts) {
            if (stoppedHosts.containsKey(h)) row.stopped.put(h, stoppedHosts.get(h));
        }
        same.add(row);
        rows.add(row);
        return row;
    }

    synchronized List<TaskRow> rows() {
        return List.copyOf(rows);
    }

    static String firstLine(String text) {
        if (text == null) return "";
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " ...";
    }
}
