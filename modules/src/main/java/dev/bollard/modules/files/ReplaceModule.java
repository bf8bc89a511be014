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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code replace}: every match of a regular expression in a file replaced, as Ansible's replace
 * does it with Python's {@code re.subn(regexp, replace, text)} in multiline mode, optionally only
 * between the matches of {@code after} and {@code before}.
 */
public final class ReplaceModule implements Module<ReplaceModule.ReplaceArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS,
            Param.path("path", "the file to edit; it must exist").mandatory().aliases("dest", "destfile", "name"),
            Param.str("regexp", "a regular expression in Python's syntax ((?P<name>...) groups, \\Z), searched in the whole file "
                    + "with ^ and $ matching at every line (re.MULTILINE); every match is replaced").mandatory(),
            Param.str("replace", "what each match becomes; \\1, \\g<1> and \\g<name> insert regexp's groups, \\n a newline").byDefault(""),
            Param.str("after", "only replace after the first match of this regular expression (to the end, or up to before)"),
            Param.str("before", "only replace before the first match of this regular expression (from the start, or from after)"),
            Param.bool("backup", false, "keep a timestamped copy of the file before changing it"),
            Param.str("validate", "a command run on the new content before it replaces the file, %s standing for a temporary copy; "
                    + "if it fails, the file is left as it was"),
            Param.str("encoding", "the file's encoding; Bollard reads and writes UTF-8 only and refuses any other").byDefault("utf-8")));

    private static final ModuleDoc DOC = new ModuleDoc(
            "Every match of a regular expression in a file replaced, as Ansible's replace module does it: the expression is "
                    + "Python's (compiled when the playbook is loaded, so a bad one fails before any host is touched), ^ and $ "
                    + "match at each line, and after/before narrow the replacement to the text between their first matches. "
                    + "The file must exist; mode, owner and group are set as for copy.",
            "regexp no longer finds anything that replace would change in the file (or in the after/before section); "
                    + "mode, owner and group are as asked",
            "the file's predicted content, so a later task editing or reading the same file plans against the edited text",
            """
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
            - name: A hosts-style file to edit, written once
              copy:
                dest: /etc/bollard-example/hosts
                content: |
                  127.0.0.1 localhost
                  10.0.0.5 db.old.example db
                  10.0.0.6 cache.old.example cache
                force: false
            - name: Every old.example host moves to new.example
              replace:
                path: /etc/bollard-example/hosts
                regexp: '(\\s)(\\w+)\\.old\\.example(\\s|$)'
                replace: '\\1\\2.new.example\\3'
            - name: The db entry commented out, and only it
              replace:
                path: /etc/bollard-example/hosts
                regexp: '^(?P<entry>10\\.0\\.0\\.5 .*)$'
                replace: '# \\g<entry>'
                after: 'localhost'
                before: 'cache'
            """);

    public record ReplaceArgs(String path, PythonRegex regexp, String replace, PythonRegex section, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "replace";
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
    public ReplaceArgs parse(Args args) throws ArgsException {
        String encoding = args.string("encoding", "utf-8").toLowerCase(Locale.ROOT).replace("_", "-");
        if (!encoding.equals("utf-8") && !encoding.equals("utf8")) {
            throw args.invalid("encoding", "'encoding' must be utf-8: Bollard reads and writes UTF-8 only, not '" + args.string("encoding") + "'");
        }
        String replace = args.string("replace", "");
        PythonRegex regexp = compile(args, "regexp", args.string("regexp"), Pattern.MULTILINE);
        if (regexp != null) {
            try {
                regexp.checkTemplate(replace);
            } catch (IllegalArgumentException e) {
                throw args.invalid("replace", "'replace' does not fit regexp: " + e.getMessage());
            }
        }
        String after = args.optString("after").orElse(null);
        String before = args.optString("before").orElse(null);
        PythonRegex section = null;
        if (after != null) compile(args, "after", after, 0);
        if (before != null) compile(args, "before", before, 0);
        if (after != null && before != null) section = compile(args, "after", after + "(?P<subsection>.*?)" + before, Pattern.DOTALL);
        else if (after != null) section = compile(args, "after", after + "(?P<subsection>.*)", Pattern.DOTALL);
        else if (before != null) section = compile(args, "before", "(?P<subsection>.*)" + before, Pattern.DOTALL);
        return new ReplaceArgs(args.string("path"), regexp, replace, section,
                ContentPlanner.Write.read(args, true));
    }

    private static PythonRegex compile(Args args, String key, String python, int flags) throws ArgsException {
        try {
            return PythonRegex.compile(python, flags);
        } catch (PatternSyntaxException e) {
            if (args.unresolved(python)) return null;
            throw args.invalid(key, "'" + key + "' is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    @Override
    public List<Probe> probes(ReplaceArgs a) {
        return List.of(Probe.read(a.path()));
    }

    @Override
    public Plan plan(ReplaceArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> file = ctx.read(a.path());
        if (file.isEmpty()) throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName());
        if (!file.get().isFile()) {
            throw new ModuleFailure(a.path() + " on " + ctx.hostName() + " is a " + file.get().type().name().toLowerCase(Locale.ROOT) + ", not a regular file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(file.get().content())).toString();
        } catch (CharacterCodingException e) {
            throw new ModuleFailure(a.path() + " on " + ctx.hostName() + " is not UTF-8 text");
        }
        Result r = replace(a, text);
        if (r.note() != null) return Plan.noOp(r.note());
        if (r.text().equals(text)) {
            return ContentPlanner.planAttrs(ctx, a.path(), file, a.write(), "nothing in " + a.path() + " to replace (" + r.count() + " matches already as wanted)");
        }
        Plan p = ContentPlanner.plan(ctx, a.path(), file, r.text().getBytes(StandardCharsets.UTF_8), a.write());
        if (p instanceof Plan.Change c) {
            return new Plan.Change(r.count() + " replacement" + (r.count() == 1 ? "" : "s") + " in " + a.path(), c.diffs(), c.steps(), c.data());
        }
        return p;
    }

    /** The text after the replacement, the number of matches, or a note when after/before do not match. */
    record Result(String text, int count, String note) {
    }

    static Result replace(ReplaceArgs a, String text) {
        int[] count = new int[1];
        if (a.section() == null) return new Result(a.regexp().substitute(text, a.replace(), count), count[0], null);
        Matcher m = a.section().pattern().matcher(text);
        if (!m.find()) return new Result(text, 0, "after/before do not match " + a.path() + ", so nothing is replaced");
        String section = a.regexp().substitute(m.group("subsection"), a.replace(), count);
        return new Result(text.substring(0, m.start("subsection")) + section + text.substring(m.end("subsection")), count[0], null);
    }
}
