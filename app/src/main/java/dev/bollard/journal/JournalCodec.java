package dev.bollard.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Made on first read only: history and rollback read entries, an applying run only writes one. */
    private static final class Reader {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private JournalCodec() {
    }

    /** The entry as one line of JSON, with its newline. Streamed: an applying run writes it, and needs no object mapper. */
    public static byte[] write(JournalEntry e, Redactor r) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("id", e.id().value());
            g.writeStringField("time", e.time().toString());
            g.writeStringField("kind", e.kind());
            text(g, "playbook", e.playbook(), r);
            text(g, "control", e.control(), r);
            g.writeStringField("bollard", e.version());
            g.writeStringField("host", e.host());
            if (e.undoes() != null) g.writeStringField("undoes", e.undoes());
            if (e.baseline() != null) g.writeStringField("baseline", e.baseline());
            g.writeArrayFieldStart("tasks");
            for (TaskRecord t : e.tasks()) task(g, t, r);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void task(JsonGenerator g, TaskRecord t, Redactor r) throws IOException {
        g.writeStartObject();
        text(g, "task", t.task(), r);
        text(g, "item", t.item(), r);
        if (t.location() != null) g.writeStringField("location", t.location());
        g.writeStringField("module", t.module());
        g.writeStringField("status", t.status());
        if (t.ignored()) g.writeBooleanField("ignored", true);
        if (t.hidden()) g.writeBooleanField("hidden", true);
        text(g, "summary", t.summary(), r);
        if (t.delegatedTo() != null) g.writeStringField("delegated_to", t.delegatedTo());
        if (!t.commands().isEmpty()) {
            g.writeArrayFieldStart("commands");
            for (String c : t.commands()) g.writeString(r.mask(c));
            g.writeEndArray();
        }
        if (!t.files().isEmpty()) {
            g.writeArrayFieldStart("files");
            for (FileRecord f : t.files()) {
                g.writeStartObject();
                g.writeStringField("path", r.mask(f.path()));
                g.writeStringField("change", f.change());
                if (f.before() != null) state(g, "before", f.before(), r);
                if (f.after() != null) state(g, "after", f.after(), r);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!t.wants().isEmpty()) {
            g.writeObjectFieldStart("wants");
            for (java.util.Map.Entry<String, String> w : t.wants().entrySet()) g.writeStringField(r.mask(w.getKey()), w.getValue());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void state(JsonGenerator g, String name, PathState s, Redactor r) throws IOException {
        if (s.content() != null && r.reveals(s.content())) s = s.withoutContent("it held a secret value");
        g.writeObjectFieldStart(name);
        g.writeStringField("state", s.state());
        if (s.mode() != null) g.writeStringField("mode", s.mode());
        if (s.owner() != null) g.writeStringField("owner", s.owner());
        if (s.group() != null) g.writeStringField("group", s.group());
        if (s.size() != null) g.writeNumberField("size", s.size());
        if (s.sha256() != null) g.writeStringField("sha256", s.sha256());
        text(g, "link", s.linkTarget(), r);
        if (s.content() != null) {
            if (PathState.isText(s.content())) g.writeStringField("text", new String(s.content(), StandardCharsets.UTF_8));
            else g.writeStringField("base64", Base64.getEncoder().encodeToString(s.content()));
        }
        if (s.notKept() != null) g.writeStringField("not_kept", s.notKept());
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String key, String value, Redactor r) throws IOException {
        if (value != null) g.writeStringField(key, r.mask(value));
    }

    /** Reads an entry; {@code where} names it in errors (host and file). */
    public static JournalEntry read(byte[] json, String where) throws JournalException {
        JsonNode n;
        try {
            n = Reader.MAPPER.readTree(json);
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
                    text(n, "playbook"), text(n, "control"), text(n, "bollard"), n.path("host").asText(), text(n, "undoes"), tasks,
                    text(n, "baseline"));
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
        java.util.Map<String, String> wants = new java.util.LinkedHashMap<>();
        t.path("wants").fields().forEachRemaining(w -> wants.put(w.getKey(), w.getValue().asText()));
        return new TaskRecord(text(t, "task"), text(t, "item"), text(t, "module"), text(t, "status"), t.path("ignored").asBoolean(false),
                text(t, "summary"), commands, files, text(t, "delegated_to"), t.path("hidden").asBoolean(false), text(t, "location"), wants);
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
