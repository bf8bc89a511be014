package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regular expressions given as arguments, compiled while the task is parsed so a bad one names its key before any host is touched. */
final class Regexes {
    private Regexes() {
    }

    /**
     * The compiled value of {@code key}, or null if not given. Before the run, a value that is
     * still a template is let through (the run compiles what it renders to).
     */
    static Pattern compile(Args args, String key) throws ArgsException {
        String r = args.optString(key).orElse(null);
        if (r == null) return null;
        try {
            return Pattern.compile(r);
        } catch (PatternSyntaxException e) {
            if (args.unresolved(r)) return null;
            throw args.invalid(key, "'" + key + "' is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /**
     * Where to insert when no line matches: after the last (or first) match of {@code pattern}, or
     * before it; {@code pattern} null means the end of the file (after) or its start (before).
     */
    record Anchor(boolean before, Pattern pattern) {
        static final Anchor END = new Anchor(false, null);

        /** insertafter (EOF literal = the end) or insertbefore (BOF literal = the start); at most one is given. */
        static Anchor read(Args args) throws ArgsException {
            String before = args.optString("insertbefore").orElse(null);
            if (before != null) return before.equals("BOF") ? new Anchor(true, null) : new Anchor(true, compile(args, "insertbefore"));
            String after = args.optString("insertafter").orElse(null);
            if (after == null || after.equals("EOF")) return END;
            return new Anchor(false, compile(args, "insertafter"));
        }

        /** The index to insert at in {@code t}; with no match, the end of the file. */
        int in(TextLines t, boolean firstMatch) {
            if (pattern == null) return before ? 0 : t.lines.size();
            int found = -1;
            for (int i = 0; i < t.lines.size(); i++) {
                if (pattern.matcher(t.lines.get(i)).find()) {
                    found = i;
                    if (firstMatch) break;
                }
            }
            if (found < 0) return t.lines.size();
            return before ? found : found + 1;
        }
    }
}
