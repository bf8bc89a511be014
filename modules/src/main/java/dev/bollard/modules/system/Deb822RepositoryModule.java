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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code deb822_repository}: an apt source written as {@code /etc/apt/sources.list.d/NAME.sources}
 * in deb822 format, byte for byte as Ansible writes it (fields sorted by their argument names).
 */
public final class Deb822RepositoryModule implements Module<Deb822RepositoryModule.Deb822Args> {
    static final String KEYRINGS = "/etc/apt/keyrings";

    /** deb822 fields taken as they are: argument name to kind (list, bool, int, str). */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        for (String b : List.of("allow_downgrade_to_insecure", "allow_insecure", "allow_weak", "by_hash", "check_date",
                "check_valid_until", "enabled", "pdiffs", "trusted")) {
            FIELDS.put(b, "bool");
        }
        for (String l : List.of("architectures", "components", "languages", "suites", "targets", "types", "uris")) FIELDS.put(l, "list");
        FIELDS.put("date_max_future", "int");
        FIELDS.put("inrelease_path", "str");
        FIELDS.put("signed_by", "str");
    }

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("name", "the repository's name: written as X-Repolib-Name, and, lower-cased with spaces and underscores "
                    + "made dashes and other characters dropped, the file's name").mandatory(),
            Param.list("types", "deb, deb-src or both").byDefault(List.of("deb")),
            Param.list("uris", "the repository's URIs"),
            Param.list("suites", "the suites (a flat repository's path ending in / and no components)"),
            Param.list("components", "the components"),
            Param.str("signed_by", "the key the repository is signed with: an absolute path to a keyring, a fingerprint, "
                    + "an armored key block (written inline, as Ansible does), or a URL: as Ansible, the key is then "
                    + "downloaded on the host to /etc/apt/keyrings/NAME.asc (.gpg when binary) and that path written"),
            Param.list("architectures", "the architectures to fetch").aliases("arch"),
            Param.bool("enabled", false, "written as Enabled: yes or no; left out when not given").noDefault(),
            Param.bool("trusted", false, "Trusted: yes lets apt use the repository unsigned; left out when not given").noDefault(),
            Param.bool("allow_downgrade_to_insecure", false, "Allow-Downgrade-To-Insecure").noDefault(),
            Param.bool("allow_insecure", false, "Allow-Insecure").noDefault(),
            Param.bool("allow_weak", false, "Allow-Weak").noDefault(),
            Param.bool("by_hash", false, "By-Hash").noDefault(),
            Param.bool("check_date", false, "Check-Date").noDefault(),
            Param.bool("check_valid_until", false, "Check-Valid-Until").noDefault(),
            Param.integer("date_max_future", "Date-Max-Future, in seconds"),
            Param.str("inrelease_path", "InRelease-Path"),
            Param.list("languages", "Languages"),
            Param.bool("pdiffs", false, "PDiffs").noDefault(),
            Param.list("targets", "Targets"),
            Param.mode("mode", "the file's mode").byDefault("0644"),
            Param.choice("state", "present: the file has exactly these fields; absent: the file (and a key downloaded for "
                    + "it to /etc/apt/keyrings) is removed", "present", "absent"),
            Param.bool("install_python_debian", true, "accepted for Ansible's roles and not used: Bollard needs no Python "
                    + "library on the host"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "An apt source in deb822 format, /etc/apt/sources.list.d/NAME.sources, written atomically with its fields in "
                    + "the order Ansible writes them (sorted by argument name); a signed_by URL is downloaded on the host (curl, "
                    + "wget or python3) to /etc/apt/keyrings/NAME.asc, as Ansible does. As Ansible's, it does not update "
                    + "the package lists: follow it with apt and update_cache: true (a handler, or when: the task changed).",
            "the file has exactly the content these arguments make, with the mode asked for (present), or does not exist (absent)",
            "the file is predicted written or removed, and the source predicted added (Prediction.aptSourcesAdded), so a "
                    + "later apt task for a package only that source has notes it",
            """
            - name: A local repository, empty, for the example
              shell: mkdir -p /srv/example-deb822 && touch /srv/example-deb822/Packages
              args:
                creates: /srv/example-deb822/Packages
            - name: apt reads it
              deb822_repository:
                name: example-deb822
                types: deb
                uris: file:/srv/example-deb822
                suites: ./
                trusted: true
            """);

    /**
     * The file's fields by argument name (null for absent), the URL its key is downloaded from
     * (null unless signed_by is one), mode, state, and whether the key is fetched without checking TLS.
     */
    public record Deb822Args(String name, String slug, TreeMap<String, String> fields, String keyUrl, String mode, boolean present) {
        String path() {
            return AptRepositoryModule.SOURCES_D + "/" + slug + ".sources";
        }

        /** The file's text, signed_by (if given as a URL) standing for the key file it was downloaded to. */
        String content(String keyFile) {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, String> e : fields.entrySet()) {
                String v = e.getKey().equals("signed_by") && keyUrl != null ? keyFile : e.getValue();
                if (v.contains("\n")) out.append(fieldName(e.getKey())).append(":").append(multiline(v)).append('\n');
                else out.append(fieldName(e.getKey())).append(": ").append(v).append('\n');
            }
            return out.toString();
        }

        /** The file's text when signed_by is no URL. */
        String content() {
            return content(null);
        }
    }

    @Override
    public String name() {
        return "deb822_repository";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleDoc doc() {
        return DOC;
    }

    /** Ansible's file name for a repository name. */
    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[_\\s]+", "-").replaceAll("[^a-z0-9-]+", "");
    }

    @Override
    public Deb822Args parse(Args args) throws ArgsException {
        String name = args.string("name");
        String slug = slug(name);
        if (slug.isEmpty()) throw args.invalid("name", "'name' must have a letter or digit to name the file, not '" + name + "'");
        boolean present = args.present("state");
        String mode = args.mode("mode").orElse("0644");
        if (!present) return new Deb822Args(name, slug, null, null, mode, false);
        for (String needed : List.of("uris", "suites")) {
            if (args.stringList(needed).isEmpty()) throw new ArgsException(needed, "state: present needs '" + needed + "' (module deb822_repository)");
        }
        for (String t : args.stringList("types")) {
            if (!t.equals("deb") && !t.equals("deb-src") && !args.unresolved(t)) {
                throw args.invalid("types", "'types' must be deb or deb-src, not '" + t + "'");
            }
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        sorted.put("name", name);
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            String key = f.getKey();
            if (!args.has(key)) continue;
            String value = switch (f.getValue()) {
                case "bool" -> args.bool(key, false) ? "yes" : "no";
                case "int" -> String.valueOf(args.integer(key, 0));
                case "list" -> String.join(" ", args.stringList(key));
                default -> args.string(key);
            };
            if (key.equals("signed_by")) value = signedBy(args, value);
            sorted.put(key, value);
        }
        String url = sorted.containsKey("signed_by") && isUrl(sorted.get("signed_by")) ? sorted.get("signed_by").strip() : null;
        return new Deb822Args(name, slug, sorted, url, mode, true);
    }

    private static String signedBy(Args args, String value) throws ArgsException {
        String v = value.strip();
        if (isUrl(v)) {
            if (!v.matches("(?i)(https?|ftp|file)://.+")) {
                throw args.invalid("signed_by", "'signed_by' as a URL must be an http, https, ftp or file URL, not '" + v + "'");
            }
            return v;
        }
        if (v.contains("\n")) {
            if (!v.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
                throw args.invalid("signed_by", "'signed_by' has several lines but is not an armored public key block");
            }
            return value;
        }
        boolean fingerprints = v.matches("[0-9A-Fa-f!]{16,}(\\s*,?\\s*[0-9A-Fa-f!]{16,})*");
        boolean lenient = args.unresolved(v);
        if (!v.startsWith("/") && !fingerprints && !lenient) {
            throw args.invalid("signed_by", "'signed_by' must be an absolute path to a keyring, fingerprints, or an armored "
                    + "key block, not '" + v + "'");
        }
        return v;
    }

    private static boolean isUrl(String v) {
        return v.strip().matches("(?i)[a-z][a-z0-9+.-]*://\\S*");
    }

    /** Ansible's field names: name is X-Repolib-Name, uris URIs, the others title-cased with dashes. */
    static String fieldName(String key) {
        if (key.equals("name")) return "X-Repolib-Name";
        if (key.equals("uris")) return "URIs";
        StringBuilder out = new StringBuilder();
        for (String part : key.split("_")) {
            if (out.length() > 0) out.append('-');
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    /** A multi-line value as Ansible formats it: on the next lines, indented four spaces, blank lines as ".". */
    static String multiline(String v) {
        StringBuilder out = new StringBuilder();
        for (String line : v.strip().split("\n")) {
            String s = line.strip();
            out.append("\n    ").append(s.isEmpty() ? "." : s);
        }
        return out.toString();
    }

    @Override
    public List<Probe> probes(Deb822Args a) {
        if (a.present() && a.keyUrl() != null) return List.of(Probe.read(a.path()), Probe.query(KeyDownload.script(a.keyUrl(), true)));
        if (a.present()) return List.of(Probe.read(a.path()));
        return List.of(Probe.stat(a.path()), Probe.stat(KEYRINGS + "/" + a.slug() + ".asc"), Probe.stat(KEYRINGS + "/" + a.slug() + ".gpg"));
    }

    @Override
    public Plan plan(Deb822Args a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (!a.present()) {
            List<String> remove = new ArrayList<>();
            for (String p : List.of(a.path(), KEYRINGS + "/" + a.slug() + ".asc", KEYRINGS + "/" + a.slug() + ".gpg")) {
                if (ctx.stat(p).isPresent()) remove.add(p);
            }
            if (remove.isEmpty()) return Plan.noOp(a.path() + " does not exist");
            List<Diff> diffs = new ArrayList<>();
            StringBuilder script = new StringBuilder("rm -f --");
            for (String p : remove) {
                diffs.add(Diff.property(p, "state", "present", "absent"));
                script.append(' ').append(Shell.quote(p));
            }
            String what = "remove " + String.join(", ", remove);
            return new Plan.Change(what, diffs, List.of(new ScriptStep(what, script.toString(), s -> {
                for (String p : remove) s.predictAbsent(p);
            })));
        }
        List<Diff> diffs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<String> what = new ArrayList<>();
        String keyFile = null;
        if (a.keyUrl() != null) {
            // as Ansible: the key is downloaded on the host to /etc/apt/keyrings/SLUG.asc (.gpg if binary)
            ExecResult r = ctx.query(KeyDownload.script(a.keyUrl(), true));
            if (!r.ok()) throw new ModuleFailure("cannot download the signed_by key from " + a.keyUrl() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
            keyFile = KEYRINGS + "/" + a.slug() + (OpenPgpKeys.armored(r.out()) ? ".asc" : ".gpg");
            Plan k = ContentPlanner.plan(ctx, keyFile, ctx.read(keyFile), r.out(), ContentPlanner.Write.plain("0644"));
            if (k instanceof Plan.Change kc) {
                diffs.addAll(kc.diffs());
                steps.addAll(kc.steps());
                what.add(kc.summary());
            }
        }
        String content = a.content(keyFile);
        Optional<RemoteFile> found = ctx.read(a.path());
        boolean added = found.isEmpty() || !found.get().isFile() || !content.equals(found.get().text());
        Plan p = ContentPlanner.plan(ctx, a.path(), found, content.getBytes(StandardCharsets.UTF_8), ContentPlanner.Write.plain(a.mode()));
        if (p instanceof Plan.Change c) {
            diffs.addAll(c.diffs());
            steps.addAll(c.steps());
            what.add(c.summary());
        }
        if (what.isEmpty()) return Plan.noOp(a.path() + " has repository " + a.name() + " as asked, mode " + a.mode());
        if (added) steps.add(AptRepositoryModule.sourceAdded("repository " + a.name() + " (" + a.path() + ")"));
        return new Plan.Change(String.join("; ", what), diffs, steps);
    }
}
