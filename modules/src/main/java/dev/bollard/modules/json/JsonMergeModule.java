package dev.bollard.modules.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.WriteFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code json_merge}: deep-merges keys into a JSON file such as {@code /etc/docker/daemon.json},
 * keeping every other key where it is. A file that already says the same is left alone, however
 * it is formatted; one that is not valid JSON stops the task and is left as it was.
 */
public final class JsonMergeModule implements Module<JsonMergeModule.MergeArgs> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record MergeArgs(String path, Map<String, Object> merge, boolean create, String indent, String mode, String owner,
                            String group, boolean backup, String validate) {
    }

    @Override
    public String name() {
        return "json_merge";
    }

    @Override
    public MergeArgs parse(Args args) throws ArgsException {
        String path = args.string("path");
        Map<String, Object> merge = args.map("merge");
        if (merge == null) merge = args.map("content");
        if (merge == null) throw args.missing("merge");
        Optional<String> indent = args.optString("indent");
        String indentText = null;
        if (indent.isPresent()) {
            String i = indent.get();
            if (i.equals("tab")) indentText = "\t";
            else if (i.matches("[0-8]")) indentText = " ".repeat(Integer.parseInt(i));
            else throw args.invalid("indent", "'indent' must be a number of spaces (0-8) or tab, not '" + i + "'");
        }
        MergeArgs a = new MergeArgs(path, merge, args.bool("create", true), indentText, args.mode("mode").orElse(null),
                args.optString("owner").orElse(null), args.optString("group").orElse(null), args.bool("backup", false),
                args.optString("validate").orElse(null));
        args.finish();
        return a;
    }

    @Override
    public List<Probe> probes(MergeArgs a) {
        return List.of(Probe.read(a.path()));
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
        String before = file.map(RemoteFile::text).orElse(null);
        Map<String, Object> current = parse(before, a.path(), ctx.hostName());
        Map<String, Object> merged = JsonMerge.deepMerge(current, a.merge());
        List<String> changes = new ArrayList<>();
        JsonMerge.describeChanges("", current, merged, changes);
        if (changes.isEmpty() && file.isPresent()) {
            return Plan.noOp("keys already set in " + a.path() + ": " + JsonMerge.summary(a.merge()));
        }
        String indent = a.indent() != null ? a.indent() : JsonMerge.detectIndent(before);
        String after = JsonMerge.write(merged, indent);
        byte[] bytes = after.getBytes(StandardCharsets.UTF_8);
        String summary = (file.isEmpty() ? "create " + a.path() + " with " : "set in " + a.path() + ": ")
                + (changes.isEmpty() ? "{}" : String.join(", ", changes));
        return new Plan.Change(summary, List.of(new Diff(a.path(), before, after)),
                List.of(new WriteFile(a.path(), bytes, a.mode(), a.owner(), a.group(), a.validate(), a.backup())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text, String path, String host) throws ModuleFailure {
        if (text == null || text.isBlank()) return new LinkedHashMap<>();
        try {
            Object v = MAPPER.readValue(text, Object.class);
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
