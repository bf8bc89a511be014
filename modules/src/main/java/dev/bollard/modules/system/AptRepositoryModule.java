package dev.bollard.modules.system;

import dev.bollard.modules.files.ContentPlanner;
import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code apt_repository}: a one-line {@code deb} source in {@code /etc/apt/sources.list.d},
 * or that line gone from every sources list; the package lists refreshed after a change.
 */
public final class AptRepositoryModule implements Module<AptRepositoryModule.RepoArgs> {
    static final String SOURCES_D = "/etc/apt/sources.list.d";
    static final String SOURCES_LIST = "/etc/apt/sources.list";
    private static final Pattern LINE = Pattern.compile("(deb|deb-src)\\s+(\\[[^\\]]*\\]\\s+)?(\\S+)\\s+(\\S+)((\\s+\\S+)*)\\s*");
    private static final String FILE_MARK = "@@bollard-sources-file ";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("repo", "the source line: deb or deb-src, [options], URI, suite and components "
                    + "(Ubuntu's ppa: names are not supported)").mandatory(),
            Param.choice("state", "present: the line is in some sources list (else it is added to filename); absent: the "
                    + "line is in none (a file left without sources is removed)", "present", "absent"),
            Param.mode("mode", "the mode of the file written; a new file gets 0644"),
            Param.bool("update_cache", true, "run apt-get update after a change").aliases("update-cache"),
            Param.str("filename", "the file's name in /etc/apt/sources.list.d, without .list (added, as Ansible does); by "
                    + "default made from the URI's host and path, each run of other characters than letters and digits "
                    + "turned into one underscore"),
            Param.str("codename", "accepted for Ansible's roles and not used: Ansible reads it for ppa: sources only, "
                    + "which Bollard refuses"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A one-line apt source (\"deb [options] URI suite components\") in /etc/apt/sources.list.d/NAME.list, or that "
                    + "line removed from every sources list; apt-get update runs after a change unless update_cache is false. "
                    + "Lines are compared with their spacing normalised, commented-out copies are not sources (an identical "
                    + "commented line in the target file is uncommented rather than repeated).",
            "an active line equal to repo is in /etc/apt/sources.list or a .list file in /etc/apt/sources.list.d (present), "
                    + "or in none of them (absent)",
            "the file written is predicted, and so is the added source (Prediction.aptSourcesAdded), so a later apt task "
                    + "for a package only that source has notes it instead of expecting it in the lists",
            """
            - name: A local repository, empty, for the example
              shell: mkdir -p /srv/example-repo && touch /srv/example-repo/Packages
              args:
                creates: /srv/example-repo/Packages
            - name: apt reads it
              apt_repository:
                repo: deb [trusted=yes] file:/srv/example-repo ./
                filename: example-repo
            """);

    public record RepoArgs(String repo, boolean present, String mode, boolean updateCache, String file) {
    }

    @Override
    public String name() {
        return "apt_repository";
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
    public RepoArgs parse(Args args) throws ArgsException {
        String repo = args.string("repo").strip();
        boolean unresolved = args.unresolved(repo);
        if (repo.startsWith("ppa:")) {
            throw args.invalid("repo", "'repo' " + repo + " is an Ubuntu PPA, which Bollard does not support (it manages "
                    + "Debian hosts): give the archive's deb line");
        }
        if (!unresolved && normalize(repo) == null) {
            throw args.invalid("repo", "'repo' must be a source line such as \"deb [signed-by=/etc/apt/keyrings/x.asc] "
                    + "https://example.org/debian bookworm main\", not '" + repo + "'");
        }
        String filename = args.optString("filename").orElse(null);
        if (filename != null && (filename.isBlank() || filename.contains("/"))) {
            throw args.invalid("filename", "'filename' must be a file name without a directory, not '" + filename + "'");
        }
        String file = SOURCES_D + "/" + (filename != null ? filename : unresolved ? "unresolved" : suggestedName(repo)) + ".list";
        return new RepoArgs(unresolved ? repo : normalize(repo), args.present("state"), args.mode("mode").orElse(null),
                args.bool("update_cache", true), file);
    }

    /** The line with single spaces, options written [a=b c=d]; null if it is not a source line. */
    static String normalize(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) return null;
        StringBuilder out = new StringBuilder(m.group(1));
        if (m.group(2) != null) {
            String opts = m.group(2).strip();
            opts = opts.substring(1, opts.length() - 1).strip().replaceAll("\\s*=\\s*", "=").replaceAll("\\s+", " ");
            if (!opts.isEmpty()) out.append(" [").append(opts).append(']');
        }
        out.append(' ').append(m.group(3)).append(' ').append(m.group(4));
        String comps = m.group(5).strip();
        if (!comps.isEmpty()) out.append(' ').append(comps.replaceAll("\\s+", " "));
        return out.toString();
    }

    /**
     * Ansible's default file name: options, the URI's scheme and any user:password dropped, the
     * first word left (host and path), runs of other characters than letters and digits made one underscore.
     */
    static String suggestedName(String repo) {
        String line = repo.replaceAll("\\[[^\\]]+\\]", "").replaceAll("\\w+://", "");
        String first = null;
        for (String part : line.strip().split("\\s+")) {
            if (!part.equals("deb") && !part.equals("deb-src")) {
                first = part;
                break;
            }
        }
        if (first == null) return "repo";
        if (first.contains("@")) first = first.substring(first.indexOf('@') + 1);
        return String.join("_", first.replaceAll("[^a-zA-Z0-9]", " ").strip().split("\\s+"));
    }

    private static String listScript() {
        return "for f in " + SOURCES_LIST + " " + SOURCES_D + "/*.list; do [ -f \"$f\" ] || continue; printf '" + FILE_MARK
                + "%s\\n' \"$f\"; cat -- \"$f\"; echo; done; true";
    }

    @Override
    public List<Probe> probes(RepoArgs a) {
        return List.of(Probe.query(listScript()), Probe.read(a.file()));
    }

    /** The sources lists on the host, path to text: the target file as read (a prediction counts), the others as listed. */
    private static Map<String, String> sources(RepoArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(listScript());
        if (!r.ok()) throw new ModuleFailure("cannot read the apt sources lists on " + ctx.hostName() + ": " + r.firstErrorLine());
        Map<String, String> out = new LinkedHashMap<>();
        String path = null;
        StringBuilder text = new StringBuilder();
        for (String line : r.stdout().split("\n", -1)) {
            if (line.startsWith(FILE_MARK)) {
                if (path != null) out.put(path, stripExtraNewline(text.toString()));
                path = line.substring(FILE_MARK.length());
                text.setLength(0);
            } else if (path != null) {
                text.append(line).append('\n');
            }
        }
        if (path != null) out.put(path, stripExtraNewline(text.toString()));
        out.remove(a.file());
        Optional<RemoteFile> target = ctx.read(a.file());
        if (target.isPresent() && target.get().isFile()) out.put(a.file(), target.get().text());
        return out;
    }

    private static String stripExtraNewline(String s) {
        // cat's output, the echo's newline and the split's last newline
        return s.endsWith("\n\n") ? s.substring(0, s.length() - 2) : s;
    }

    /** Whether a line of a sources list is the repo, active. */
    private static boolean active(String line, String repo) {
        return repo.equals(normalize(line.replaceAll("\\s+#.*$", "")));
    }

    @Override
    public Plan plan(RepoArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, String> files = sources(a, ctx);
        return a.present() ? planPresent(a, ctx, files) : planAbsent(a, ctx, files);
    }

    private Plan planPresent(RepoArgs a, TaskContext ctx, Map<String, String> files) throws ModuleFailure, ConnectionException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            if (e.getKey().equals(a.file())) continue;
            for (String line : e.getValue().split("\n")) {
                if (active(line, a.repo())) return Plan.noOp("'" + a.repo() + "' is in " + e.getKey());
            }
        }
        Optional<RemoteFile> found = ctx.read(a.file());
        String before = found.isPresent() && found.get().isFile() ? found.get().text() : null;
        String after = withLine(before, a.repo());
        Plan p = ContentPlanner.plan(ctx, a.file(), found, after.getBytes(StandardCharsets.UTF_8), ContentPlanner.Write.plain(a.mode()));
        if (p instanceof Plan.NoOp) return Plan.noOp("'" + a.repo() + "' is in " + a.file());
        Plan.Change c = (Plan.Change) p;
        boolean added = !after.equals(before);
        List<Step> steps = new ArrayList<>(c.steps());
        if (added) steps.add(a.updateCache() ? update(a.repo()) : sourceAdded(a.repo()));
        return new Plan.Change(added ? "add '" + a.repo() + "' to " + a.file() + (a.updateCache() ? " and update the package lists" : "")
                : c.summary(), c.diffs(), steps);
    }

    /** The file's text with the repo line in it: an identical commented-out line uncommented, else the line appended. */
    static String withLine(String before, String repo) {
        if (before == null || before.isEmpty()) return repo + "\n";
        String[] lines = before.split("\n", -1);
        for (String l : lines) if (active(l, repo)) return before;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("#") && repo.equals(normalize(l.replaceFirst("^#+", "")))) {
                lines[i] = repo;
                return String.join("\n", lines);
            }
        }
        return before + (before.endsWith("\n") ? "" : "\n") + repo + "\n";
    }

    private Plan planAbsent(RepoArgs a, TaskContext ctx, Map<String, String> files) throws ModuleFailure, ConnectionException {
        List<Diff> diffs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<String> touched = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            String path = e.getKey();
            List<String> kept = new ArrayList<>();
            boolean removed = false;
            String[] lines = e.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i == lines.length - 1 && lines[i].isEmpty()) break;
                if (active(lines[i], a.repo())) removed = true;
                else kept.add(lines[i]);
            }
            if (!removed) continue;
            touched.add(path);
            boolean empty = kept.stream().allMatch(String::isBlank);
            if (empty && !path.equals(SOURCES_LIST)) {
                diffs.add(new Diff(path, e.getValue(), null));
                String what = "remove " + path;
                steps.add(new ScriptStep(what, "rm -f -- " + Shell.quote(path), s -> s.predictAbsent(path)));
            } else {
                String after = kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
                Optional<RemoteFile> found = ctx.read(path);
                if (found.isEmpty()) continue;
                Plan p = ContentPlanner.plan(ctx, path, found, after.getBytes(StandardCharsets.UTF_8), ContentPlanner.Write.plain(null));
                if (p instanceof Plan.Change c) {
                    diffs.addAll(c.diffs());
                    steps.addAll(c.steps());
                }
            }
        }
        if (touched.isEmpty()) return Plan.noOp("'" + a.repo() + "' is in no sources list");
        if (a.updateCache()) steps.add(update(null));
        return new Plan.Change("remove '" + a.repo() + "' from " + String.join(", ", touched)
                + (a.updateCache() ? " and update the package lists" : ""), diffs, steps);
    }

    /** apt-get update; in check mode, {@code added} (if any) is predicted among the sources. */
    static ScriptStep update(String added) {
        return new ScriptStep("update the package lists", "apt-get update -q", s -> {
            if (added != null) Prediction.addAptSource(s, added);
        });
    }

    /** Nothing to run: in check mode, tells later apt tasks the source is coming. */
    static Step sourceAdded(String source) {
        return new Step() {
            @Override
            public String describe() {
                return "new source: " + source;
            }

            @Override
            public Map<String, Object> apply(TaskContext ctx) {
                return Map.of();
            }

            @Override
            public void predict(dev.bollard.spi.HostState state) {
                Prediction.addAptSource(state, source);
            }
        };
    }
}
