package dev.bollard.modules.system;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code apt}: Debian packages installed, removed or at their newest version; one dpkg-query for the facts. */
public final class AptModule implements Module<AptModule.AptArgs> {
    enum State { PRESENT, ABSENT, LATEST }

    public record AptArgs(List<String> names, State state, boolean updateCache, int cacheValidTime, boolean recommends) {
    }

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public AptArgs parse(Args args) throws ArgsException {
        List<String> names = args.stringList("name");
        if (names.isEmpty()) names = args.stringList("pkg");
        List<String> split = new ArrayList<>();
        for (String n : names) {
            for (String part : n.split(",")) {
                if (!part.isBlank()) split.add(part.strip());
            }
        }
        for (String n : split) {
            if (!n.matches("[a-z0-9][a-z0-9+.:=~_-]*")) throw args.invalid("name", "'" + n + "' is not a Debian package name");
        }
        AptArgs a = new AptArgs(split, args.choice("state", State.class, State.PRESENT), args.bool("update_cache", false),
                args.integer("cache_valid_time", 0), args.bool("install_recommends", false));
        if (a.names().isEmpty() && !a.updateCache()) throw args.missing("name");
        args.finish();
        return a;
    }

    private static String dpkgQuery(List<String> names) {
        List<String> bases = names.stream().map(n -> n.split("=")[0]).toList();
        return "dpkg-query -W -f='${Package} ${Status} ${Version}\\n' " + quote(bases) + " 2>/dev/null; true";
    }

    @Override
    public List<Probe> probes(AptArgs a) {
        return a.names().isEmpty() ? List.of() : List.of(Probe.query(dpkgQuery(a.names())));
    }

    @Override
    public Plan plan(AptArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, String> installed = installed(a.names(), ctx);
        List<String> todo = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        boolean refresh = a.updateCache() && !cacheFresh(a.cacheValidTime(), ctx);
        for (String n : a.names()) {
            String base = n.split("=")[0];
            boolean has = installed.containsKey(base) || ctx.state().predicted("apt:" + base).isPresent();
            if (a.state() == State.ABSENT ? has : !has) todo.add(n);
        }
        List<String> upgradable = a.state() == State.LATEST ? upgradable(a.names(), ctx) : List.of();
        if (todo.isEmpty() && upgradable.isEmpty() && !refresh) {
            return Plan.noOp(a.state() == State.ABSENT ? "not installed: " + String.join(", ", a.names())
                    : "installed: " + describe(a.names(), installed));
        }
        String env = "DEBIAN_FRONTEND=noninteractive ";
        if (refresh) steps.add("apt-get update -q");
        List<String> install = new ArrayList<>(todo);
        install.addAll(upgradable);
        String summary;
        if (a.state() == State.ABSENT) {
            if (!todo.isEmpty()) steps.add(env + "apt-get remove -y -q " + quote(todo));
            summary = "remove " + String.join(", ", todo);
        } else {
            if (!install.isEmpty()) {
                steps.add(env + "apt-get install -y -q " + (a.recommends() ? "" : "--no-install-recommends ")
                        + "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold " + quote(install));
            }
            summary = install.isEmpty() ? "update the package lists" : "install " + String.join(", ", install);
        }
        List<String> names = install;
        return new Plan.Change(summary, new ScriptStep(summary, String.join(" && ", steps), s -> {
            for (String n : names) s.predict("apt:" + n.split("=")[0], true);
        }));
    }

    private static Map<String, String> installed(List<String> names, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Map<String, String> out = new HashMap<>();
        if (names.isEmpty()) return out;
        ExecResult r = ctx.query(dpkgQuery(names));
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 5 && f[3].equals("installed")) out.put(f[0], f[4]);
        }
        return out;
    }

    private static List<String> upgradable(List<String> names, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.run("LANG=C apt-cache policy " + quote(names) + " 2>/dev/null");
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
        ExecResult r = ctx.run("stat -c %Y /var/lib/apt/periodic/update-success-stamp /var/lib/apt/lists 2>/dev/null | sort -n | tail -1; date +%s");
        String[] f = r.stdout().strip().split("\n");
        if (f.length < 2) return false;
        try {
            return Long.parseLong(f[1].strip()) - Long.parseLong(f[0].strip()) < validSeconds;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(List<String> names, Map<String, String> installed) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String base = n.split("=")[0];
            out.add(installed.containsKey(base) ? base + " " + installed.get(base) : base + " (predicted)");
        }
        return String.join(", ", out);
    }

    private static String quote(List<String> words) {
        List<String> q = new ArrayList<>();
        for (String w : words) q.add(Shell.quote(w));
        return String.join(" ", q);
    }
}
