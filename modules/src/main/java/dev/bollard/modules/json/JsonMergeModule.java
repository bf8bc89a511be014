package dev.bollard.modules.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bollard.modules.files.Attrs;
import dev.bollard.modules.files.ContentPlanner;
import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code json_merge}: deep-merges keys into a JSON file such as {@code /etc/docker/daemon.json},
 * and removes keys, keeping every other key where it is. A file that already says the same is left
 * alone, however it is formatted (its mode, owner and group are still set); one that is not valid
 * JSON stops the task and is left as it was.
 */
public final class JsonMergeModule implements Module<JsonMergeModule.MergeArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS,
            Param.path("path", "the JSON file; it must hold an object").mandatory().aliases("dest"),
            Param.dict("merge", "keys to set: an object merges into the object already there, key by key; any other value replaces what was there")
                    .aliases("content"),
            Param.list("remove", "keys to take out after merging: a top-level key, or a dotted path (log-opts.max-size) into nested objects; "
                    + "a key that is absent is fine. A top-level key that itself holds a dot is taken whole"),
            Param.bool("create", true, "create the file (with the merged keys) if it does not exist; false: a missing file fails the task"),
            Param.str("indent", "the new text's indent: a number of spaces (0-8) or tab; by default the indent the file already uses (two spaces for a new file)"),
            Param.bool("backup", false, "keep a timestamped copy of the file before changing it"),
            Param.str("validate", "a command run on the new content before it replaces the file, %s standing for a temporary copy "
                    + "(dockerd --validate --config-file=%s); if it fails, the file is left as it was")))
            .requiredOneOf("merge", "remove");

    private static final ModuleDoc DOC = new ModuleDoc(
            "Deep-merges keys into a JSON file such as /etc/docker/daemon.json, and removes keys, keeping every other key in its place. "
                    + "Not an Ansible module: with Ansible, the same takes slurp, combine and copy.",
            "the file parses as JSON, holds the merged keys with their values and none of the removed ones, and has the asked mode, owner and group",
            "the file's predicted content, so a later json_merge or a task reading the file plans against the merged keys",
            """
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
            - name: A daemon.json as an earlier tool left it, written once
              copy:
                dest: /etc/bollard-example/daemon.json
                content: '{"insecure-registries": ["10.0.0.5:5000"], "log-driver": "json-file"}'
                force: false
            - name: Hardened, and no insecure registries any more
              json_merge:
                path: /etc/bollard-example/daemon.json
                merge:
                  icc: false
                  live-restore: true
                  log-opts:
                    max-size: 10m
                remove:
                  - insecure-registries
                mode: "0644"
            """);

    public record MergeArgs(String path, Map<String, Object> merge, List<String> remove, boolean create, String indent,
                            ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "json_merge";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleDoc doc() {
        return DOC;
    }

    @Override
    public MergeArgs parse(Args args) throws ArgsException {
        Map<String, Object> merge = args.map("merge");
        if (merge == null) merge = Map.of();
        List<String> remove = args.stringList("remove");
        for (String r : remove) {
            if (r.isEmpty() || r.startsWith(".") || r.endsWith(".") || r.contains("..")) {
                throw args.invalid("remove", "'remove' holds '" + r + "', which is not a key or a dotted path");
            }
            if (JsonMerge.sets(merge, r)) throw args.invalid("remove", "'" + r + "' is both merged and removed; give it in one of merge or remove");
        }
        Optional<String> indent = args.optString("indent");
        String indentText = null;
        if (indent.isPresent()) {
            String i = indent.get();
            if (i.equals("tab")) indentText = "\t";
            else if (i.matches("[0-8]")) indentText = " ".repeat(Integer.parseInt(i));
            else throw args.invalid("indent", "'indent' must be a number of spaces (0-8) or tab, not '" + i + "'");
        }
        return new MergeArgs(args.string("path"), merge, remove, args.bool("create", true), indentText,
                ContentPlanner.Write.read(args, true));
    }

    @Override
    public List<Probe> probes(MergeArgs a) {
        return dev.bollard.modules.files.ContentPlanner.readMaybeCreating(a.path(), a.create());
    }

    @Override
    public Plan plan(MergeArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> file = ctx.read(a.path());
        if (file.isPresent() && !file.get().isFile()) {
            throw new ModuleFailure(a.path() + " on " + ctx.hostName() + " is not a regular file");
        }
        if (file.isEmpty() && !a.create()) {
            throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName() + " (set create: true to make it)");
        }
        if (file.isEmpty() && a.merge().isEmpty()) return Plan.noOp(a.path() + " does not exist, so nothing is to be removed from it");
        String before = file.map(RemoteFile::text).orElse(null);
        Map<String, Object> current = parse(before, a.path(), ctx.hostName());
        Map<String, Object> merged = JsonMerge.remove(JsonMerge.deepMerge(current, a.merge()), a.remove());
        List<String> changes = new ArrayList<>();
        JsonMerge.describeChanges("", current, merged, changes);
        if (changes.isEmpty() && file.isPresent()) {
            // the keys already say the same, however the file is formatted: only its attributes may need setting
            Plan attrs = ContentPlanner.plan(ctx, a.path(), file, file.get().content(), a.write());
            if (attrs instanceof Plan.NoOp) return Plan.noOp("keys already as wanted in " + a.path() + ": " + JsonMerge.summary(a.merge(), a.remove()));
            return attrs;
        }
        String indent = a.indent() != null ? a.indent() : JsonMerge.detectIndent(before);
        byte[] bytes = JsonMerge.write(merged, indent).getBytes(StandardCharsets.UTF_8);
        Plan p = ContentPlanner.plan(ctx, a.path(), file, bytes, a.write());
        if (!(p instanceof Plan.Change c)) return p;
        String summary = (file.isEmpty() ? "create " + a.path() + " with " : "set in " + a.path() + ": ")
                + (changes.isEmpty() ? "{}" : String.join(", ", changes));
        return new Plan.Change(summary, c.diffs(), c.steps());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text, String path, String host) throws ModuleFailure {
        if (text == null || text.isBlank()) return new LinkedHashMap<>();
        try {
            Object v = dev.bollard.spi.JsonText.read(text);
            if (!(v instanceof Map)) throw new ModuleFailure(path + " on " + host + " holds JSON that is not an object; left unchanged");
            return (Map<String, Object>) v;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ModuleFailure(path + " on " + host + " is not valid JSON (line " + (loc == null ? "?" : loc.getLineNr())
                    + ", column " + (loc == null ? "?" : loc.getColumnNr()) + ": " + e.getOriginalMessage().split("\n")[0]
                    + "); left unchanged");
        }
    }
}
