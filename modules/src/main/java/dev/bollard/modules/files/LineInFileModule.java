package dev.bollard.modules.files;

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
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lineinfile}: one line present (or absent) in a text file. With {@code regexp} (or
 * {@code search_string}), the last matching line (the first with {@code firstmatch}) is replaced;
 * without, the line is added unless it is already there, after {@code insertafter} or before
 * {@code insertbefore}. With {@code backrefs}, {@code line} may use the groups of {@code regexp}
 * and nothing is added when no line matches.
 */
public final class LineInFileModule implements Module<LineInFileModule.LineArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS,
            Param.path("path", "the file to edit").mandatory().aliases("dest", "destfile", "name"),
            Param.choice("state", "present: the line is in the file; absent: no line matching regexp, search_string or line is", "present", "absent"),
            Param.str("line", "the whole line to put in the file (with backrefs, it may use \\1 or \\g<name> for regexp's groups)").aliases("value"),
            Param.str("regexp", "a regular expression (Java syntax, searched in each line): the last matching line is replaced by line, "
                    + "or with state: absent every matching line is removed").aliases("regex"),
            Param.str("search_string", "a literal string instead of regexp: lines containing it are the ones replaced or removed"),
            Param.bool("backrefs", false, "line is expanded with regexp's groups; if no line matches regexp, the file is left as it is"),
            Param.str("insertafter", "where to add the line when regexp finds nothing: after the last line matching this regular expression, "
                    + "or EOF (the default) for the end of the file; with no match, at the end"),
            Param.str("insertbefore", "where to add the line when regexp finds nothing: before the last line matching this regular expression, "
                    + "or BOF for the start of the file; with no match, at the end"),
            Param.bool("firstmatch", false, "use the first line matching regexp or insertafter/insertbefore rather than the last"),
            Param.bool("create", false, "create the file if it does not exist (with state: present); otherwise a missing file fails the task"),
            Param.bool("backup", false, "keep a timestamped copy of the file before changing it"),
            Param.str("validate", "a command run on the new content before it replaces the file, %s standing for a temporary copy; "
                    + "if it fails, the file is left as it was")))
            .mutuallyExclusive("insertafter", "insertbefore")
            .mutuallyExclusive("regexp", "search_string")
            .mutuallyExclusive("backrefs", "search_string")
            .requiredIf("state", "present", "line")
            .requiredIf("backrefs", true, "regexp");

    private static final ModuleDoc DOC = new ModuleDoc(
            "One line present in, or absent from, a text file: replaced where regexp (or search_string) matches, added otherwise. "
                    + "As Ansible's lineinfile, except that regexp is a Java regular expression, searched in each line.",
            "the file holds the line where regexp matches (or anywhere, without regexp), or no line matching is left (absent); "
                    + "mode, owner and group are as asked",
            "the file's predicted content, so a later task editing or reading the same file plans against the edited text",
            """
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
            - name: A configuration file to edit, written once
              copy:
                dest: /etc/bollard-example/app.conf
                content: |
                  # app settings
                  Port 8080
                  #LogLevel debug
                force: false
            - name: The port is 9090, whatever it was
              lineinfile:
                path: /etc/bollard-example/app.conf
                regexp: '^Port '
                line: Port 9090
            - name: LogLevel uncommented, keeping its value
              lineinfile:
                path: /etc/bollard-example/app.conf
                regexp: '^#?LogLevel (\\w+)$'
                line: 'LogLevel \\1'
                backrefs: true
            - name: A line after the comment
              lineinfile:
                path: /etc/bollard-example/app.conf
                line: Listen 127.0.0.1
                insertafter: '^# app settings'
            """);

    public record LineArgs(String path, String line, Pattern regexp, String search, boolean present, boolean backrefs,
                           Regexes.Anchor anchor, boolean create, boolean firstMatch, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "lineinfile";
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
    public LineArgs parse(Args args) throws ArgsException {
        boolean present = args.present("state");
        String line = args.optString("line").orElse(null);
        Pattern regexp = Regexes.compile(args, "regexp");
        String search = args.optString("search_string").orElse(null);
        if (!present && line == null && !args.has("regexp") && search == null) {
            throw args.invalid("line", "state: absent needs line, regexp or search_string");
        }
        boolean backrefs = args.bool("backrefs", false);
        if (backrefs && regexp != null && line != null) {
            try {
                PythonRegex.ofJava(regexp).checkTemplate(line);
            } catch (IllegalArgumentException e) {
                throw args.invalid("line", "'line' refers to a group regexp does not have: " + e.getMessage());
            }
        }
        return new LineArgs(args.string("path"), line, regexp, search, present, backrefs, Regexes.Anchor.read(args),
                args.bool("create", false), args.bool("firstmatch", false),
                ContentPlanner.Write.read(args, true));
    }

    @Override
    public List<Probe> probes(LineArgs a) {
        return ContentPlanner.readMaybeCreating(a.path(), a.create());
    }

    @Override
    public Plan plan(LineArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> file = ctx.read(a.path());
        if (file.isEmpty() && a.present() && !a.create()) {
            throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName() + "; set create: true to create it");
        }
        if (file.isEmpty() && !a.present()) return Plan.noOp(a.path() + " does not exist, so the line is absent");
        if (file.isPresent() && !file.get().isFile()) {
            throw new ModuleFailure(a.path() + " on " + ctx.hostName() + " is a " + file.get().type().name().toLowerCase() + ", not a regular file");
        }
        TextLines text = TextLines.of(file.map(RemoteFile::content).orElse(null));
        String result = a.present() ? ensurePresent(a, text) : ensureAbsent(a, text);
        if (result == null && file.isEmpty()) {
            return Plan.noOp("no line of " + a.path() + " (not there yet) matches " + a.regexp() + ", so nothing to replace (backrefs)");
        }
        if (result == null) {
            String fact = a.present() ? (a.backrefs() && !matches(a, text) ? "no line matches " + a.regexp() + " in " + a.path() + " (backrefs: left as it is)"
                    : "line present in " + a.path()) : "line absent from " + a.path();
            return ContentPlanner.planAttrs(ctx, a.path(), file, a.write(), fact);
        }
        return ContentPlanner.plan(ctx, a.path(), file, text.bytes(), a.write());
    }

    private static boolean matches(LineArgs a, TextLines t) {
        return t.lines.stream().anyMatch(l -> a.regexp().matcher(l).find());
    }

    /** Whether a line is one regexp or search_string picks out. */
    private static boolean picks(LineArgs a, String line) {
        if (a.regexp() != null) return a.regexp().matcher(line).find();
        return a.search() != null && line.contains(a.search());
    }

    /** Edits the lines; returns what was done, or null when the line is already as wanted. */
    static String ensurePresent(LineArgs a, TextLines t) {
        if (a.regexp() != null || a.search() != null) {
            int idx = -1;
            for (int i = 0; i < t.lines.size(); i++) {
                if (picks(a, t.lines.get(i))) {
                    idx = i;
                    if (a.firstMatch()) break;
                }
            }
            if (idx >= 0) {
                String wanted = a.line();
                if (a.backrefs()) {
                    Matcher m = a.regexp().matcher(t.lines.get(idx));
                    m.find();
                    wanted = PythonRegex.ofJava(a.regexp()).expand(a.line(), m);
                }
                if (t.lines.get(idx).equals(wanted)) return null;
                t.lines.set(idx, wanted);
                return "replaced";
            }
            if (a.backrefs()) return null;
        }
        if (t.lines.contains(a.line())) return null;
        t.lines.add(a.anchor().in(t, a.firstMatch()), a.line());
        return "added";
    }

    private static String ensureAbsent(LineArgs a, TextLines t) {
        boolean removed = t.lines.removeIf(l -> a.regexp() != null || a.search() != null ? picks(a, l) : l.equals(a.line()));
        return removed ? "removed" : null;
    }
}
