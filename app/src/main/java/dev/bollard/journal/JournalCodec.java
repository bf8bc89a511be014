package dev.bollard.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A journal entry as JSON on one line (format 1). Writing masks every text with the run's
 * secrets and drops an earlier file content that holds one; text content is kept as text,
 * anything else as base64.
 */
public final class JournalCodec {
    public static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalCodec() {
    }

    public static byte[] write(JournalEntry e, Redactor r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("id", e.id().value());
        n.put("time", e.time().toString());
        n.put("kind", e.kind());
        putText(n, "playbook", e.playbook(), r);
        putText(n, "control", e.control(), r);
        n.put("bollard", e.version());
        n.put("host", e.host());
        if (e.undoes() != null) n.put("undoes", e.undoes());
        ArrayNode tasks = n.putArray("tasks");
        for (TaskRecord t : e.tasks()) tasks.add(task(t, r));
        try {
            return (MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    private static ObjectNode task(TaskRecord t, Redactor r) {
        ObjectNode n = MAPPER.createObjectNode();
        putText(n, "task", t.task(), r);
        putText(n, "item", t.item(), r);
        if (t.location() != null) n.put("location", t.location());
        n.put("module", t.module());
        n.put("status", t.status());
        if (t.ignored()) n.put("ignored", true);
        if (t.hidden()) n.put("hidden", true);
        putText(n, "summary", t.summary(), r);
        if (t.delegatedTo() != null) n.put("delegated_to", t.delegatedTo());
        if (!t.commands().isEmpty()) {
            ArrayNode c = n.putArray("commands");
            t.commands().forEach(x -> c.add(r.mask(x)));
        }
        if (!t.files().isEmpty()) {
            ArrayNode files = n.putArray("files");
            for (FileRecord f : t.files()) {
                ObjectNode fn = files.addObject();
                fn.put("path", r.mask(f.path()));
                fn.put("change", f.change());
                if (f.before() != null) fn.set("before", state(f.before(), r));
                if (f.after() != null) fn.set("after", state(f.after(), r));
            }
        }
        return n;
    }

    private static ObjectNode state(PathState s, Redactor r) {
        if (s.content() != null && r.reveals(s.content())) s = s.withoutContent("it held a secret value");
        ObjectNode n = MAPPER.createObjectNode();
        n.put("state", s.state());
        if (s.mode() != null) n.put("mode", s.mode());
        if (s.owner() != null) n.put("owner", s.owner());
        if (s.group() != null) n.put("group", s.group());
        if (s.size() != null) n.put("size", s.size());
        if (s.sha256() != null) n.put("sha256", s.sha256());
        putText(n, "link", s.linkTarget(), r);
        if (s.content() != null) {
            if (PathState.isText(s.content())) n.put("text", new String(s.content(), StandardCharsets.UTF_8));
            else n.put("base64", Base64.getEncoder().encodeToString(s.content()));
        }
        if (s.notKept() != null) n.put("not_kept", s.notKept());
        return n;
    }

    private static void putText(ObjectNode n, String key, String value, Redactor r) {
        if (value != null) n.put(key, r.mask(value));
    }

    /** Reads an entry; {@code where} names it in errors (host and file). */
    public static JournalEntry read(byte[] json, String where) throws JournalException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new JournalException(where + " is not a journal entry (not JSON: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (n == null || !n.isObject()) throw new JournalException(where + " is not a journal entry (not a JSON object)");
        int format = n.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new JournalException(where + " has journal format " + n.path("format") + "; this Bollard reads format " + FORMAT);
        }
        try {
            List<TaskRecord> tasks = new ArrayList<>();
            for (JsonNode t : n.path("tasks")) tasks.add(task(t));
            return new JournalEntry(new RunId(n.path("id").asText()), Instant.parse(n.path("time").asText()), n.path("kind").asText(),
                    text(n, "playbook"), text(n, "control"), text(n, "bollard"), n.path("host").asText(), text(n, "undoes"), tasks);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new JournalException(where + " is damaged: " + e.getMessage());
        }
    }

    private static TaskRecord task(JsonNode t) {
        List<String> commands = new ArrayList<>();
        t.path("commands").forEach(c -> commands.add(c.asText()));
        List<FileRecord> files = new ArrayList<>();
        for (JsonNode f : t.path("files")) {
            files.add(new FileRecord(f.path("path").asText(), f.path("change").asText(), state(f.get("before")), state(f.get("after"))));
        }
        return new TaskRecord(text(t, "task"), text(t, "item"), text(t, "module"), text(t, "status"), t.path("ignored").asBoolean(false),
                text(t, "summary"), commands, files, text(t, "delegated_to"), t.path("hidden").asBoolean(false), text(t, "location"));
    }

    private static PathState state(JsonNode n) {
        if (n == null || n.isNull()) return null;
        byte[] content = n.has("text") ? n.get("text").asText().getBytes(StandardCharsets.UTF_8)
                : n.has("base64") ? Base64.getDecoder().decode(n.get("base64").asText()) : null;
        return new PathState(n.path("state").asText(), text(n, "mode"), text(n, "owner"), text(n, "group"),
                n.has("size") ? n.get("size").asLong() : null, text(n, "sha256"), text(n, "link"), content, text(n, "not_kept"));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
