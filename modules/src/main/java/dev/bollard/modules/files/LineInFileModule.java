package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.TaskContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code lineinfile}: one line present (or absent) in a text file. With {@code regexp}, the last
 * matching line (the first with {@code firstmatch}) is replaced; without, the line is added
 * unless it is already there, after {@code insertafter} or before {@code insertbefore}.
 */
public final class LineInFileModule implements Module<LineInFileModule.LineArgs> {

    public record LineArgs(String path, String line, Pattern regexp, boolean present, String insertAfter, String insertBefore,
                           boolean create, boolean firstMatch, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "lineinfile";
    }

    @Override
    public LineArgs parse(Args args) throws ArgsException {
        Optional<String> path = args.optString("path");
        if (path.isEmpty()) path = args.optString("dest");
        String p = path.orElseThrow(() -> args.missing("path"));
        boolean present = args.present("state");
        Optional<String> line = args.optString("line");
        Pattern regexp = regex(args, "regexp");
        if (present && line.isEmpty()) throw args.missing("line");
        if (!present && line.isEmpty() && regexp == null) throw args.invalid("line", "state: absent needs line or regexp");
        String after = args.optString("insertafter").orElse(null);
        String before = args.optString("insertbefore").orElse(null);
        if (after != null && before != null) throw args.invalid("insertbefore", "give insertafter or insertbefore, not both");
        LineArgs a = new LineArgs(p, line.orElse(null), regexp, present, after, before, args.bool("create", false),
                args.bool("firstmatch", false), new ContentPlanner.Write(Attrs.read(args), args.optString("validate").orElse(null),
                args.bool("backup", false), true));
        args.finish();
        return a;
    }

    static Pattern regex(Args args, String key) throws ArgsException {
        Optional<String> r = args.optString(key);
        if (r.isEmpty()) return null;
        try {
            return Pattern.compile(r.get());
        } catch (PatternSyntaxException e) {
            throw args.invalid(key, "'" + key + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    @Override
    public List<Probe> probes(LineArgs a) {
        return List.of(Probe.read(a.path()));
    }

    @Override
    public Plan plan(LineArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> file = ctx.read(a.path());
        if (file.isEmpty() && a.present() && !a.create()) {
            throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName() + "; set create: true to create it");
        }
        if (file.isEmpty() && !a.present()) return Plan.noOp(a.path() + " does not exist, so the line is absent");
        TextLines text = TextLines.of(file.map(RemoteFile::content).orElse(null));
        String result = a.present() ? ensurePresent(a, text) : ensureAbsent(a, text);
        if (result == null) {
            String fact = a.present() ? "line present in " + a.path() : "line absent from " + a.path();
            Plan attrs = ContentPlanner.plan(ctx, a.path(), file, file.get().content(), a.write());
            return attrs instanceof Plan.NoOp ? Plan.noOp(fact) : attrs;
        }
        return ContentPlanner.plan(ctx, a.path(), file, text.bytes(), a.write());
    }

    /** Edits the lines; returns what was done, or null when the line is already as wanted. */
    private static String ensurePresent(LineArgs a, TextLines t) {
        if (a.regexp() != null) {
            int idx = -1;
            for (int i = 0; i < t.lines.size(); i++) {
                if (a.regexp().matcher(t.lines.get(i)).find()) {
                    idx = i;
                    if (a.firstMatch()) break;
                }
            }
            if (idx >= 0) {
                if (t.lines.get(idx).equals(a.line())) return null;
                t.lines.set(idx, a.line());
                return "replaced";
            }
        }
        if (t.lines.contains(a.line())) return null;
        t.lines.add(insertAt(a, t), a.line());
        return "added";
    }

    private static int insertAt(LineArgs a, TextLines t) {
        if (a.insertBefore() != null) {
            if (a.insertBefore().equals("BOF")) return 0;
            int idx = find(Pattern.compile(a.insertBefore()), t, a.firstMatch());
            return idx >= 0 ? idx : t.lines.size();
        }
        if (a.insertAfter() != null && !a.insertAfter().equals("EOF")) {
            int idx = find(Pattern.compile(a.insertAfter()), t, a.firstMatch());
            return idx >= 0 ? idx + 1 : t.lines.size();
        }
        return t.lines.size();
    }

    private static int find(Pattern p, TextLines t, boolean first) {
        int found = -1;
        for (int i = 0; i < t.lines.size(); i++) {
            if (p.matcher(t.lines.get(i)).find()) {
                found = i;
                if (first) break;
            }
        }
        return found;
    }

    private static String ensureAbsent(LineArgs a, TextLines t) {
        boolean removed = t.lines.removeIf(l -> a.regexp() != null ? a.regexp().matcher(l).find() : l.equals(a.line()));
        return removed ? "removed" : null;
    }
}
