package dev.bollard.modules.json;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.bollard.spi.JsonText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** The pure parts of json_merge: merging, comparing, describing and printing documents. */
final class JsonMerge {
    private JsonMerge() {
    }

    /** Objects merge key by key, recursively; anything else in {@code patch} replaces what was there. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object old = out.get(e.getKey());
            if (old instanceof Map && e.getValue() instanceof Map) {
                out.put(e.getKey(), deepMerge((Map<String, Object>) old, (Map<String, Object>) e.getValue()));
            } else {
                out.put(e.getKey(), normalise(e.getValue()));
            }
        }
        return out;
    }

    /** Numbers compare by value whatever their Java type (YAML gives Integer, JSON may give Long). */
    private static Object normalise(Object v) {
        try {
            return JsonText.read(JsonText.write(v));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return v;
        }
    }

    /**
     * {@code doc} without the keys {@code paths} name: a top-level key as written, else a dotted
     * path into nested objects. A path leading nowhere removes nothing.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> remove(Map<String, Object> doc, List<String> paths) {
        Map<String, Object> out = copy(doc);
        for (String path : paths) {
            if (out.containsKey(path)) {
                out.remove(path);
                continue;
            }
            String[] parts = path.split("\\.");
            Map<String, Object> at = out;
            for (int i = 0; i < parts.length - 1 && at != null; i++) {
                at = at.get(parts[i]) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            }
            if (at != null) at.remove(parts[parts.length - 1]);
        }
        return out;
    }

    /** A copy of the objects all the way down, so removing from it leaves {@code doc} as it was. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        doc.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
        return out;
    }

    /** Whether merging {@code patch} sets the key {@code path} names (as {@link #remove} reads it) or something inside it. */
    @SuppressWarnings("unchecked")
    static boolean sets(Map<String, Object> patch, String path) {
        if (patch.containsKey(path)) return true;
        Object at = patch;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(part)) return false;
            at = ((Map<String, Object>) m).get(part);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static void describeChanges(String prefix, Map<String, Object> before, Map<String, Object> after, List<String> out) {
        for (Map.Entry<String, Object> e : after.entrySet()) {
            String key = prefix + e.getKey();
            Object old = before.get(e.getKey());
            Object now = e.getValue();
            if (old instanceof Map && now instanceof Map) {
                describeChanges(key + ".", (Map<String, Object>) old, (Map<String, Object>) now, out);
            } else if (!before.containsKey(e.getKey())) {
                out.add(key + ": (absent) -> " + json(now));
            } else if (!Objects.equals(normalise(old), normalise(now))) {
                out.add(key + ": " + json(old) + " -> " + json(now));
            }
        }
        for (Map.Entry<String, Object> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) out.add(prefix + e.getKey() + ": " + json(e.getValue()) + " -> (absent)");
        }
    }

    static String summary(Map<String, Object> patch, List<String> removed) {
        StringJoiner j = new StringJoiner(", ");
        patch.forEach((k, v) -> j.add(k + "=" + json(v)));
        for (String r : removed) j.add(r + " absent");
        return j.toString();
    }

    /** The indent the file already uses: a tab, or the spaces of its first indented line; two for a new file. */
    static String detectIndent(String text) {
        if (text == null) return "  ";
        for (String line : text.split("\n")) {
            if (line.startsWith("\t")) return "\t";
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') n++;
            if (n > 0 && n < line.length()) return " ".repeat(n);
        }
        return "  ";
    }

    static String write(Map<String, Object> doc, String indent) {
        com.fasterxml.jackson.core.util.Separators separators = com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(new DefaultIndenter(indent, "\n"))
                .withArrayIndenter(new DefaultIndenter(indent, "\n"));
        return JsonText.write(doc, printer) + "\n";
    }

    private static String json(Object v) {
        return JsonText.write(v);
    }
}
