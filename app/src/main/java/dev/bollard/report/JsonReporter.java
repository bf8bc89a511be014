package dev.bollard.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bollard.engine.Json;
import dev.bollard.engine.Mode;
import dev.bollard.engine.Secrets;
import dev.bollard.engine.TaskResult;
import dev.bollard.spi.Diff;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object per line: one per task result, and last
 * {@code {"event":"recap","hosts":{"h":{"ok":N,"changed":N,"failed":N,"skipped":N,"unreachable":N,"rescued":N,"round_trips":N,"round_trip_ms":N}}}}.
 * In verify, when the playbook names controls, each host also has
 * {@code "controls":[{"id":"cis-2.2","scheme":"cis","status":"holds|fails|drifted|not_applicable|not_checked","tasks":[...],"detail":"..."}]}
 * and {@code "drift":[{"task":..,"item":..,"location":..,"since":RUN_ID,"since_kind":"verify|apply","since_time":..,"now":..,"notes":[..],"diff":[..]}]}.
 */
public final class JsonReporter implements Reporter {
    private final PrintStream out;
    private final Mode mode;
    private final Secrets secrets;
    private String play = "";
    private ControlsReport controls;
    private Map<String, List<Drift>> drift = Map.of();

    public JsonReporter(PrintStream out, Mode mode, Secrets secrets) {
        this.out = out;
        this.mode = mode;
        this.secrets = secrets;
    }

    @Override
    public synchronized void playStart(String play, List<String> hosts) {
        this.play = play;
    }

    @Override
    public void taskStart(String kind, String task, String location) {
    }

    @Override
    public synchronized void result(TaskResult r) {
        ObjectNode n = toJson(r);
        if (!r.items().isEmpty()) {
            ArrayNode items = n.putArray("items");
            for (TaskResult i : r.items()) items.add(toJson(i));
        }
        out.println(Json.write(n));
        out.flush();
    }

    /** Masks each text field rather than the printed line, so escaping cannot hide a secret and masking cannot break the JSON. */
    private ObjectNode toJson(TaskResult r) {
        ObjectNode n = Json.object();
        n.put("event", "task");
        n.put("mode", mode.name().toLowerCase(Locale.ROOT));
        n.put("play", secrets.mask(play));
        n.put("task", secrets.mask(r.task()));
        n.put("location", r.location());
        n.put("host", r.host());
        if (r.delegatedTo() != null) n.put("delegated_to", r.delegatedTo());
        n.put("status", r.status().name().toLowerCase(Locale.ROOT));
        n.put("changed", r.changed());
        if (r.ignored()) n.put("ignored", true);
        if (r.item() != null) n.put("item", secrets.mask(r.item()));
        if (r.msg() != null) n.put("msg", secrets.mask(r.msg()));
        if (!r.steps().isEmpty()) {
            ArrayNode steps = n.putArray("steps");
            r.steps().forEach(step -> steps.add(secrets.mask(step)));
        }
        // a command's outcome as Ansible's results carry it, masked like every other text
        for (String key : List.of("cmd", "stdout", "stderr")) {
            if (r.data().get(key) instanceof String text) n.put(key, secrets.mask(text));
        }
        if (r.data().get("rc") instanceof Integer rc) n.put("rc", rc);
        if (!r.diffs().isEmpty()) {
            ArrayNode diffs = n.putArray("diff");
            for (Diff d : r.diffs()) {
                ObjectNode dn = diffs.addObject();
                dn.put("label", secrets.mask(d.label()));
                dn.put("before", secrets.mask(d.before()));
                dn.put("after", secrets.mask(d.after()));
            }
        }
        return n;
    }

    @Override
    public synchronized void recap(Map<String, HostTally> tallies) {
        ObjectNode root = Json.object();
        root.put("event", "recap");
        ObjectNode hosts = root.putObject("hosts");
        tallies.forEach((host, t) -> {
            ObjectNode h = hosts.putObject(host);
            h.put("ok", t.ok());
            h.put("changed", t.changed());
            h.put("failed", t.failed());
            h.put("skipped", t.skipped());
            h.put("unreachable", t.unreachable());
            h.put("rescued", t.rescued());
            h.put("round_trips", t.roundTrips());
            h.put("round_trip_ms", t.roundTripMillis());
            List<ControlsReport.Line> lines = controls == null || controls.isEmpty() ? null : controls.hosts().get(host);
            if (lines != null) addControls(h.putArray("controls"), lines);
            List<Drift> drifted = drift.get(host);
            if (drifted != null) addDrift(h.putArray("drift"), drifted);
        });
        out.println(Json.write(root));
        out.flush();
    }

    @Override
    public synchronized void controls(ControlsReport report) {
        this.controls = report;
    }

    @Override
    public synchronized void drift(Map<String, List<Drift>> byHost) {
        this.drift = byHost;
    }

    private void addDrift(ArrayNode out, List<Drift> list) {
        for (Drift d : list) {
            ObjectNode o = out.addObject();
            o.put("task", secrets.mask(d.task()));
            if (d.item() != null) o.put("item", secrets.mask(d.item()));
            if (d.location() != null) o.put("location", d.location());
            o.put("since", d.since());
            o.put("since_kind", d.sinceKind());
            o.put("since_time", d.sinceTime().toString());
            o.put("now", secrets.mask(d.now()));
            ArrayNode notes = o.putArray("notes");
            d.notes().forEach(n -> notes.add(secrets.mask(n)));
            ArrayNode diffs = o.putArray("diff");
            d.diffs().forEach(x -> diffs.add(secrets.mask(x.unified())));
        }
    }

    private void addControls(ArrayNode out, List<ControlsReport.Line> lines) {
        for (ControlsReport.Line l : lines) {
            ObjectNode c = out.addObject();
            c.put("id", l.control().name());
            c.put("scheme", l.control().scheme());
            c.put("status", l.verdict().key);
            ArrayNode tasks = c.putArray("tasks");
            l.tasks().forEach(t -> tasks.add(secrets.mask(t)));
            c.put("detail", secrets.mask(l.detailNamingTasks()));
        }
    }

    @Override
    public void secret(String value) {
        secrets.add(value);
    }

    @Override
    public synchronized void warning(String message) {
        System.err.println("WARNING: " + secrets.mask(message));
    }

    @Override
    public synchronized void error(String message) {
        System.err.println("ERROR: " + secrets.mask(message));
    }
}
