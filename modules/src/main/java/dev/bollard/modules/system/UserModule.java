package dev.bollard.modules.system;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code user}: a local account with its shell, home, groups and uid; facts in one round trip. */
public final class UserModule implements Module<UserModule.UserArgs> {

    public record UserArgs(String name, boolean present, String uid, String group, List<String> groups, boolean append,
                           String shell, String home, boolean createHome, boolean system, String comment, boolean remove) {
    }

    @Override
    public String name() {
        return "user";
    }

    @Override
    public UserArgs parse(Args args) throws ArgsException {
        String name = args.string("name");
        if (!name.matches("[a-z_][a-z0-9_-]*\\$?")) throw args.invalid("name", "'" + name + "' is not a valid user name");
        boolean present = args.present("state");
        UserArgs a = new UserArgs(name, present, args.optInt("uid").map(String::valueOf).orElse(null),
                args.optString("group").orElse(null), args.stringList("groups"), args.bool("append", false),
                args.optString("shell").orElse(null), args.optString("home").orElse(null), args.bool("create_home", true),
                args.bool("system", false), args.optString("comment").orElse(null), args.bool("remove", false));
        args.finish();
        return a;
    }

    private static String lookup(UserArgs a) {
        String n = Shell.quote(a.name());
        return "getent passwd " + n + "; echo '--'; id -Gn " + n + " 2>/dev/null; true";
    }

    @Override
    public List<Probe> probes(UserArgs a) {
        return List.of(Probe.query(lookup(a)));
    }

    @Override
    public Plan plan(UserArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String n = Shell.quote(a.name());
        ExecResult r = ctx.query(lookup(a));
        String[] parts = r.stdout().split("--\n?", 2);
        String entry = parts[0].strip();
        boolean predicted = Boolean.TRUE.equals(ctx.state().predicted("user:" + a.name()).orElse(null));
        if (entry.isEmpty()) {
            if (!a.present()) return Plan.noOp("user " + a.name() + " does not exist");
            if (predicted) return Plan.noOp("user " + a.name() + " would exist after an earlier task");
            List<String> cmd = new ArrayList<>(List.of("useradd"));
            if (a.system()) cmd.add("--system");
            if (a.createHome()) cmd.add("--create-home");
            if (a.uid() != null) cmd.add("--uid " + Shell.quote(a.uid()));
            if (a.group() != null) cmd.add("--gid " + Shell.quote(a.group()));
            if (!a.groups().isEmpty()) cmd.add("--groups " + Shell.quote(String.join(",", a.groups())));
            if (a.shell() != null) cmd.add("--shell " + Shell.quote(a.shell()));
            if (a.home() != null) cmd.add("--home-dir " + Shell.quote(a.home()));
            if (a.comment() != null) cmd.add("--comment " + Shell.quote(a.comment()));
            cmd.add(n);
            String summary = "create user " + a.name();
            return new Plan.Change(summary, List.of(new Diff("user " + a.name(), null, "present\n")),
                    List.of(new ScriptStep(summary, String.join(" ", cmd), s -> s.predict("user:" + a.name(), true))));
        }
        String[] f = entry.split(":", -1);
        Map<String, Object> data = Map.of("name", a.name(), "uid", Integer.parseInt(f[2]), "home", f[5], "shell", f[6]);
        if (!a.present()) {
            String summary = "remove user " + a.name() + (a.remove() ? " and its home " + f[5] : "");
            return new Plan.Change(summary, List.of(new Diff("user " + a.name(), "present\n", null)),
                    List.of(new ScriptStep(summary, "userdel " + (a.remove() ? "--remove " : "") + n,
                            s -> s.predict("user:" + a.name(), false))), data);
        }
        List<String> mod = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        compare("uid", f[2], a.uid(), "--uid", a, mod, diffs);
        compare("shell", f[6], a.shell(), "--shell", a, mod, diffs);
        compare("home", f[5], a.home(), "--home", a, mod, diffs);
        compare("comment", f[4], a.comment(), "--comment", a, mod, diffs);
        if (!a.groups().isEmpty()) {
            Set<String> current = new LinkedHashSet<>(Arrays.asList(parts.length > 1 ? parts[1].strip().split("\\s+") : new String[0]));
            if (!current.isEmpty()) current.remove(current.iterator().next());
            Set<String> wanted = new LinkedHashSet<>(a.groups());
            boolean ok = a.append() ? current.containsAll(wanted) : current.equals(wanted);
            if (!ok) {
                mod.add((a.append() ? "--append " : "") + "--groups " + Shell.quote(String.join(",", a.groups())));
                diffs.add(Diff.property("user " + a.name(), "groups", String.join(",", current), String.join(",", a.append() ? union(current, wanted) : wanted)));
            }
        }
        if (mod.isEmpty()) return new Plan.NoOp("user " + a.name() + " exists (uid " + f[2] + ", shell " + f[6] + ", home " + f[5] + ")", data);
        String summary = "change user " + a.name() + ": " + String.join(", ", diffs.stream().map(d -> d.label().replaceAll(".*\\((.*)\\)", "$1")).toList());
        return new Plan.Change(summary, diffs, List.of(new ScriptStep(summary, "usermod " + String.join(" ", mod) + " " + n)), data);
    }

    private static void compare(String what, String current, String wanted, String flag, UserArgs a, List<String> mod, List<Diff> diffs) {
        if (wanted != null && !wanted.equals(current)) {
            mod.add(flag + " " + Shell.quote(wanted) + (what.equals("home") ? " --move-home" : ""));
            diffs.add(Diff.property("user " + a.name(), what, current, wanted));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }
}
