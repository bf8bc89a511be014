package dev.bollard.modules.system;

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
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code apt}: Debian packages installed (at a pinned version when one is given), removed or at
 * their newest version; one dpkg-query for the facts.
 */
public final class AptModule implements Module<AptModule.AptArgs> {
    enum State { PRESENT, ABSENT, LATEST }

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.list("name", "packages, each a name or name=version (that exact version, as dpkg-query shows it, "
                    + "epoch included)").aliases("pkg", "package"),
            Param.choice("state", "present: installed (at the pinned version if any); absent: not installed; "
                    + "latest: installed at the candidate version (Ansible's build-dep and fixed are not supported)",
                    "present", "absent", "latest"),
            Param.bool("update_cache", false, "run apt-get update first when something is to be installed or upgraded, or no name "
                    + "is given (unless cache_valid_time says the lists are fresh; lists without a Packages index never are). Unlike "
                    + "Ansible, a task whose packages are all installed does not update the lists")
                    .aliases("update-cache"),
            Param.integer("cache_valid_time", "with update_cache, skip the update when the lists are younger than this "
                    + "many seconds").byDefault(0),
            Param.bool("install_recommends", true, "install recommended packages too; false passes --no-install-recommends")
                    .aliases("install-recommends"),
            Param.bool("purge", false, "with state: absent, remove configuration files too (also of packages already "
                    + "removed without them)"),
            Param.bool("allow_downgrade", false, "let a pinned version older than the installed one be installed")
                    .aliases("allow-downgrade", "allow_downgrades", "allow-downgrades"))
            .requiredOneOf("name", "update_cache");

    private static final ModuleDoc DOC = new ModuleDoc(
            "Debian packages installed (a pinned version when name=version), removed (purged) or at their newest version, "
                    + "with apt-get; the package lists refreshed when asked.",
            "dpkg-query shows each package installed (at the pinned version) for present and latest, and not installed "
                    + "for absent; latest also means apt-cache policy has no newer candidate",
            "each package installed is predicted (Prediction.debianPackage, with its pinned version or \"\"), each removed "
                    + "one predicted absent, so later apt tasks and tasks that need a tool it brings plan against that; after an "
                    + "earlier task predicted a new source (apt_repository, deb822_repository), a package not yet in the lists "
                    + "is named in the plan as one that source should provide; otherwise a package the lists do not know is "
                    + "named in the plan when update_cache runs first, and fails the plan when nothing would bring it",
            """
            - name: A package the image has stays installed
              apt:
                name: sudo
                state: present
            - name: A package nobody wants is not installed
              apt:
                name: telnet
                state: absent
                purge: true
            """);

    public record AptArgs(List<String> names, State state, boolean updateCache, int cacheValidTime, boolean recommends,
                          boolean purge, boolean allowDowngrade) {
    }

    /** What dpkg-query says of a package: its status word and version. */
    record Installed(String status, String version) {
        boolean installed() {
            return status.equals("installed");
        }
    }

    @Override
    public String name() {
        return "apt";
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
    public AptArgs parse(Args args) throws ArgsException {
        List<String> split = new ArrayList<>();
        for (String n : args.stringList("name")) {
            for (String part : n.split(",")) {
                if (!part.isBlank()) split.add(part.strip());
            }
        }
        for (String n : split) {
            if (!n.matches("[a-z0-9][a-z0-9+.:=~_-]*")) throw args.invalid("name", "'" + n + "' is not a Debian package name");
        }
        AptArgs a = new AptArgs(split, args.choice("state", State.class, State.PRESENT), args.bool("update_cache", false),
                args.integer("cache_valid_time", 0), args.bool("install_recommends", true), args.bool("purge", false),
                args.bool("allow_downgrade", false));
        if (a.names().isEmpty() && !a.updateCache()) throw args.missing("name");
        return a;
    }

    static String base(String name) {
        int eq = name.indexOf('=');
        return eq < 0 ? name : name.substring(0, eq);
    }

    /** The pinned version of {@code name=version}, or null. */
    static String pin(String name) {
        int eq = name.indexOf('=');
        return eq < 0 ? null : name.substring(eq + 1);
    }

    private static String dpkgQuery(List<String> names) {
        List<String> bases = names.stream().map(AptModule::base).toList();
        return "dpkg-query -W -f='${Package} ${Status} ${Version}\\n' " + quote(bases) + " 2>/dev/null; true";
    }

    /** What the lists say of every package named: the same read serves the lists check and state: latest. */
    private static String policy(List<String> names) {
        return "LANG=C apt-cache policy " + quote(names.stream().map(AptModule::base).toList()) + " 2>/dev/null; true";
    }

    /**
     * "fresh" when the newest of the lists' update stamps is younger than {@code validSeconds} and the
     * lists hold a Packages index (a fresh image's lists are emptied), else "stale". Judged on the host,
     * so that the answer stays the same from one second to the next: a task planned in a batch relies on
     * it, and the batch checks that it still holds before the task's steps.
     */
    static String listsFresh(int validSeconds) {
        return "s=$(stat -c %Y /var/lib/apt/periodic/update-success-stamp /var/lib/apt/lists 2>/dev/null | sort -n | tail -1); "
                + "n=$(ls /var/lib/apt/lists 2>/dev/null | grep -c _Packages); "
                + "if [ -n \"$s\" ] && [ \"$n\" -gt 0 ] && [ $(( $(date +%s) - s )) -lt " + validSeconds + " ]; then echo fresh; else echo stale; fi";
    }

    @Override
    public List<Probe> probes(AptArgs a) {
        List<Probe> out = new ArrayList<>();
        if (!a.names().isEmpty()) out.add(Probe.query(dpkgQuery(a.names())));
        // read when something is to be installed or upgraded: with the others, at no round trip of its own
        if (!a.names().isEmpty() && a.state() != State.ABSENT) out.add(Probe.query(policy(a.names())));
        if (a.updateCache() && a.cacheValidTime() > 0) out.add(Probe.query(listsFresh(a.cacheValidTime())));
        return out;
    }

    @Override
    public Plan plan(AptArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, Installed> found = installed(a.names(), ctx);
        Map<String, String> versions = new HashMap<>();
        List<String> todo = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (String n : a.names()) {
            String base = base(n);
            String pin = pin(n);
            Predicted<String> predicted = ctx.state().predicted(Prediction.debianPackage(base));
            Installed i = found.get(base);
            String version = predicted.isPresent() ? predicted.value().orElseThrow()
                    : !predicted.isAbsent() && i != null && i.installed() ? i.version() : null;
            if (version != null) versions.put(base, version.isEmpty() ? "(predicted)" : version + (predicted.isPresent() ? " (predicted)" : ""));
            boolean matches = version != null && (pin == null || pin.equals(version) || version.isEmpty() && predicted.isPresent());
            if (a.state() == State.ABSENT) {
                boolean leftovers = a.purge() && !predicted.known() && i != null && i.status().equals("config-files");
                if (matches || leftovers) todo.add(base);
            } else if (!matches) {
                todo.add(n);
            }
        }
        // the lists matter only to install or upgrade: nothing to do reads no freshness (no round trip in a no-op run)
        boolean refresh = a.updateCache() && (!todo.isEmpty() && a.state() != State.ABSENT || a.state() == State.LATEST || a.names().isEmpty())
                && !cacheFresh(a.cacheValidTime(), ctx);
        List<String> upgradable = a.state() == State.LATEST ? upgradable(a.names(), ctx) : List.of();
        if (todo.isEmpty() && upgradable.isEmpty() && !refresh) {
            return Plan.noOp(a.state() == State.ABSENT ? "not installed: " + String.join(", ", a.names())
                    : "installed: " + describe(a.names(), versions));
        }
        String env = "DEBIAN_FRONTEND=noninteractive ";
        if (refresh) steps.add("apt-get update -q");
        List<String> install = new ArrayList<>(todo);
        for (String u : upgradable) if (!install.contains(u)) install.add(u);
        String summary;
        List<Diff> diffs = new ArrayList<>();
        if (a.state() == State.ABSENT) {
            if (!todo.isEmpty()) steps.add(env + "apt-get remove -y -q " + (a.purge() ? "--purge " : "") + quote(todo));
            summary = (a.purge() ? "purge " : "remove ") + String.join(", ", todo);
            for (String n : todo) diffs.add(Diff.property("package " + n, "version", versions.getOrDefault(n, "(config files)"), "(not installed)"));
        } else {
            if (!install.isEmpty()) {
                steps.add(env + "apt-get install -y -q " + (a.recommends() ? "" : "--no-install-recommends ")
                        + (a.allowDowngrade() ? "--allow-downgrades " : "")
                        + "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold " + quote(install));
            }
            summary = install.isEmpty() ? "update the package lists" : "install " + String.join(", ", install);
            summary += notInTheLists(a.names(), todo, refresh, ctx);
            for (String n : install) {
                diffs.add(Diff.property("package " + base(n), "version", versions.getOrDefault(base(n), "(not installed)"),
                        pin(n) != null ? pin(n) : upgradable.contains(n) ? "(candidate)" : "(installed)"));
            }
        }
        boolean remove = a.state() == State.ABSENT;
        List<String> names = remove ? todo : install;
        return new Plan.Change(summary, diffs, List.of(new ScriptStep(summary, String.join(" && ", steps), s -> {
            if (refresh) s.predict(Prediction.aptListsUpdated(), "");
            for (String n : names) {
                if (remove) s.predictAbsent(Prediction.debianPackage(base(n)));
                else s.predict(Prediction.debianPackage(base(n)), pin(n) == null ? "" : pin(n));
            }
        })));
    }

    private static Map<String, Installed> installed(List<String> names, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, Installed> out = new HashMap<>();
        if (names.isEmpty()) return out;
        ExecResult r = ctx.query(dpkgQuery(names));
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 4) out.put(f[0].replaceAll(":.*", ""), new Installed(f[3], f.length >= 5 ? f[4] : ""));
        }
        return out;
    }

    /**
     * Packages to install that the package lists do not know yet (a fresh image has no lists at all):
     * a note when an update runs first or a source added earlier in this run would bring them, else a
     * failure that says what to do, rather than apt's "Unable to locate package" at apply.
     */
    private static String notInTheLists(List<String> names, List<String> todo, boolean refresh, TaskContext ctx)
            throws ModuleFailure, ConnectionException {
        if (todo.isEmpty()) return "";
        List<String> bases = todo.stream().map(AptModule::base).toList();
        // all the task's packages, not only those to install: the read its probes declared
        ExecResult r = ctx.query(policy(names));
        List<String> listed = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        String pkg = null;
        for (String line : r.stdout().split("\n")) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                pkg = line.substring(0, line.length() - 1);
                listed.add(pkg);
            } else if (line.strip().startsWith("Candidate:") && pkg != null && !line.contains("(none)")) {
                candidates.add(pkg);
            }
        }
        List<String> missing = bases.stream().filter(b -> !candidates.contains(b)).toList();
        if (missing.isEmpty()) return "";
        String them = String.join(", ", missing) + (missing.size() > 1 ? " are" : " is") + " not in the package lists yet; ";
        Predicted<String> sources = ctx.state().predicted(Prediction.aptSourcesAdded());
        if (sources.isPresent()) {
            return " (" + them + "a source added earlier in this run would provide " + (missing.size() > 1 ? "them" : "it") + ": "
                    + sources.value().orElse("").replace("\n", "; ") + ")";
        }
        if (refresh) return " (" + them + "apt-get update runs first)";
        if (ctx.state().predicted(Prediction.aptListsUpdated()).isPresent()) return " (" + them + "an earlier task updates them)";
        List<String> unknown = missing.stream().filter(b -> !listed.contains(b)).toList();
        if (!unknown.isEmpty()) {
            throw new ModuleFailure(String.join(", ", unknown) + " not found in the package lists of " + ctx.hostName()
                    + " (apt-cache policy knows no such package): the lists may be missing or stale (set update_cache: true, "
                    + "with cache_valid_time to skip fresh ones), or the package's source is not configured");
        }
        return "";
    }

    private static List<String> upgradable(List<String> names, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(policy(names));
        List<String> out = new ArrayList<>();
        String pkg = null;
        String inst = null;
        for (String line : r.stdout().split("\n")) {
            if (!line.startsWith(" ") && line.endsWith(":")) pkg = line.substring(0, line.length() - 1);
            else if (line.strip().startsWith("Installed:")) inst = line.strip().substring(10).strip();
            else if (line.strip().startsWith("Candidate:") && pkg != null) {
                String cand = line.strip().substring(10).strip();
                if (!"(none)".equals(inst) && inst != null && !cand.equals(inst)) out.add(pkg);
            }
        }
        return out;
    }

    private static boolean cacheFresh(int validSeconds, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (validSeconds <= 0) return false;
        if (ctx.state().predicted(Prediction.aptListsUpdated()).isPresent()) return true;     // an earlier task of this check run updates them
        return ctx.query(listsFresh(validSeconds)).stdout().strip().equals("fresh");
    }

    private static String describe(List<String> names, Map<String, String> versions) {
        List<String> out = new ArrayList<>();
        for (String n : names) out.add(base(n) + " " + versions.getOrDefault(base(n), "(predicted)"));
        return String.join(", ", out);
    }

    private static String quote(List<String> words) {
        List<String> q = new ArrayList<>();
        for (String w : words) q.add(Shell.quote(w));
        return String.join(" ", q);
    }
}
