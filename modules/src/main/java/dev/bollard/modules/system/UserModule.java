package dev.bollard.modules.system;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code user}: a local account with its primary group, supplementary groups, shell, home, uid,
 * comment and password; its facts in one round trip. In check mode a user it would create is
 * predicted with the uid and home useradd would give it, and its result carries them.
 */
public final class UserModule implements Module<UserModule.UserArgs> {
    private static final String SEP = "@@bollard-user@@";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("name", "the account's name").mandatory().aliases("user"),
            Param.choice("state", "present: the account exists as described; absent: it does not", "present", "absent"),
            Param.integer("uid", "the account's uid"),
            Param.str("group", "the primary group, by name or gid; it must exist (a group task before this one)"),
            Param.list("groups", "supplementary groups; with append: false the account is in exactly these, an empty list "
                    + "takes it out of all of them"),
            Param.bool("append", false, "add the account to groups and leave its other groups alone"),
            Param.str("shell", "the login shell"),
            Param.path("home", "the home directory"),
            Param.bool("move_home", false, "when home changes on an existing account, move the old home's content there "
                    + "(usermod --move-home)"),
            Param.bool("create_home", true, "create the home directory of a new account").aliases("createhome"),
            Param.bool("system", false, "a new account is a system account (uid below UID_MIN)"),
            Param.str("comment", "the GECOS field, often the full name"),
            Param.bool("remove", false, "with state: absent, remove the home directory and mail spool too"),
            Param.str("password", "the password as a crypted hash (e.g. from mkpasswd -m sha-512), as in /etc/shadow; "
                    + "never printed").secret(),
            Param.choice("update_password", "always: set the password whenever it differs; on_create: only for a new account",
                    "always", "on_create"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A local account with its primary group, supplementary groups, shell, home, uid, comment and password (useradd, usermod, userdel).",
            "getent shows the account with the uid, primary group, supplementary groups, shell, home and comment asked for, "
                    + "and /etc/shadow holds the password hash when one is given (or no such account with state: absent)",
            "a new account is predicted (Prediction.user) with the uid and home useradd would give it, and the task's "
                    + "registered result carries uid and home, so later tasks (become_user, service scope: user, linger, subid, "
                    + "{{ r.uid }}) plan against it; a removed account is predicted absent",
            """
            - name: A group for the example
              group:
                name: userdemo
            - name: A user with its own shell, home and groups
              user:
                name: userdemo
                group: userdemo
                groups: [users]
                shell: /bin/bash
                home: /home/userdemo
                comment: Example user
              register: demo
            - name: Its uid is known to later tasks
              debug:
                msg: "userdemo has uid {{ demo.uid }}"
            """);

    enum UpdatePassword { ALWAYS, ON_CREATE }

    public record UserArgs(String name, boolean present, String uid, String group, List<String> groups, boolean append,
                           String shell, String home, boolean createHome, boolean system, String comment, boolean remove,
                           boolean moveHome, String password, UpdatePassword updatePassword) {
        /** Whether the task says anything about supplementary groups (an empty list does). */
        boolean groupsGiven() {
            return groups != null;
        }

        @Override
        public String toString() {
            return "UserArgs[" + name + "]";
        }
    }

    @Override
    public String name() {
        return "user";
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
    public UserArgs parse(Args args) throws ArgsException {
        String name = args.string("name");
        if (!name.matches("[a-z_][a-z0-9_-]*\\$?")) throw args.invalid("name", "'" + name + "' is not a valid user name");
        List<String> groups = args.has("groups") ? args.stringList("groups").stream().map(String::strip).filter(g -> !g.isEmpty()).toList() : null;
        return new UserArgs(name, args.present("state"), args.optInt("uid").map(String::valueOf).orElse(null),
                args.optString("group").orElse(null), groups, args.bool("append", false),
                args.optString("shell").orElse(null), args.optString("home").orElse(null), args.bool("create_home", true),
                args.bool("system", false), args.optString("comment").orElse(null), args.bool("remove", false),
                args.bool("move_home", false), args.optString("password").orElse(null),
                args.choice("update_password", UpdatePassword.class, UpdatePassword.ALWAYS));
    }

    /**
     * One read for everything plan needs, in sections: the passwd entry, the supplementary groups
     * (from /etc/group, so the primary group is not among them), the password hash (when one is
     * asked for), the wanted primary group's entry, and what useradd would give a new account.
     */
    static String lookup(UserArgs a) {
        String n = Shell.quote(a.name());
        String sep = "; echo '" + SEP + "'; ";
        return "getent passwd " + n + sep
                + "getent group | awk -F: -v u=" + n + " '{k=split($4,m,\",\"); for(i=1;i<=k;i++) if(m[i]==u) print $1}'" + sep
                + (a.password() != null ? "getent shadow " + n + " | cut -d: -f2" : "true") + sep
                + (a.group() != null ? "getent group " + Shell.quote(a.group()) : "true") + sep
                + "grep -hE '^[[:space:]]*(UID_MIN|UID_MAX|SYS_UID_MIN|SYS_UID_MAX|HOME)[[:space:]=]' /etc/login.defs /etc/default/useradd 2>/dev/null;"
                + " echo uids $(getent passwd | cut -d: -f3); true";
    }

    @Override
    public List<Probe> probes(UserArgs a) {
        return List.of(Probe.query(lookup(a)));
    }

    /** What the lookup found. */
    record Found(String[] passwd, Set<String> groups, String hash, String[] primary, Map<String, String> defaults, Set<Integer> uids) {
    }

    static Found found(String out) {
        String[] s = (out + "\n").split(SEP + "\n?", -1);
        String entry = s[0].strip();
        Set<String> groups = new TreeSet<>();
        for (String g : section(s, 1).split("\\s+")) if (!g.isBlank()) groups.add(g);
        String hash = section(s, 2).strip();
        String primary = section(s, 3).strip();
        Map<String, String> defaults = new HashMap<>();
        Set<Integer> uids = new TreeSet<>();
        for (String line : section(s, 4).split("\n")) {
            String l = line.strip();
            if (l.startsWith("uids")) {
                for (String u : l.substring(4).strip().split("\\s+")) if (u.matches("\\d+")) uids.add(Integer.parseInt(u));
            } else if (!l.isEmpty()) {
                String[] kv = l.split("[\\s=]+", 2);
                if (kv.length == 2) defaults.put(kv[0], kv[1].strip());
            }
        }
        return new Found(entry.isEmpty() ? null : entry.split(":", -1), groups, hash.isEmpty() ? null : hash,
                primary.isEmpty() ? null : primary.split(":", -1), defaults, uids);
    }

    private static String section(String[] s, int i) {
        return s.length > i ? s[i] : "";
    }

    @Override
    public Plan plan(UserArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Found f = found(ctx.query(lookup(a)).stdout());
        Predicted<Prediction.User> predicted = ctx.state().predicted(Prediction.user(a.name()));
        boolean exists = f.passwd() != null && !predicted.isAbsent() || f.passwd() == null && predicted.isPresent();
        if (!exists) {
            if (!a.present()) return Plan.noOp("user " + a.name() + " does not exist");
            return create(a, f, ctx);
        }
        if (f.passwd() == null) {
            Prediction.User u = predicted.value().orElseThrow();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", a.name());
            data.put("state", a.present() ? "present" : "absent");
            if (u.uid() != null) data.put("uid", u.uid());
            if (u.home() != null) data.put("home", u.home());
            if (!a.present()) {
                String summary = "remove user " + a.name() + " (created by an earlier task)";
                return new Plan.Change(summary, List.of(new Diff("user " + a.name(), "present\n", null)),
                        List.of(new UserStep(summary, "userdel " + (a.remove() ? "--remove " : "") + Shell.quote(a.name()), null, false, a.name(),
                                s -> s.predictAbsent(Prediction.user(a.name())))), data);
            }
            return new Plan.NoOp("user " + a.name() + " would exist after an earlier task", data);
        }
        String[] p = f.passwd();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", a.name());
        data.put("state", a.present() ? "present" : "absent");
        data.put("uid", Integer.parseInt(p[2]));
        data.put("group", Integer.parseInt(p[3]));
        data.put("groups", String.join(",", f.groups()));
        data.put("comment", p[4]);
        data.put("home", p[5]);
        data.put("shell", p[6]);
        String n = Shell.quote(a.name());
        if (!a.present()) {
            String summary = "remove user " + a.name() + (a.remove() ? " and its home " + p[5] : "");
            return new Plan.Change(summary, List.of(new Diff("user " + a.name(), "present\n", null)),
                    List.of(new UserStep(summary, "userdel " + (a.remove() ? "--remove " : "") + n, null, false, a.name(),
                            s -> s.predictAbsent(Prediction.user(a.name())))), data);
        }
        List<String> mod = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        String label = "user " + a.name();
        compare(label, "uid", p[2], a.uid(), "--uid", mod, diffs);
        String primaryName = null;
        if (a.group() != null) {
            if (f.primary() != null) {
                primaryName = f.primary()[0];
                if (!f.primary()[2].equals(p[3])) {
                    mod.add("--gid " + Shell.quote(f.primary()[2]));
                    diffs.add(Diff.property(label, "group", p[3], f.primary()[2] + " (" + primaryName + ")"));
                }
            } else if (ctx.check() && ctx.state().predicted(Prediction.group(a.group())).isPresent()) {
                primaryName = a.group();
                mod.add("--gid " + Shell.quote(a.group()));
                diffs.add(Diff.property(label, "group", p[3], a.group() + " (created by an earlier task)"));
            } else {
                throw new ModuleFailure("group " + a.group() + " (primary group of user " + a.name() + ") does not exist on " + ctx.hostName());
            }
        }
        compare(label, "shell", p[6], a.shell(), "--shell", mod, diffs);
        if (a.home() != null && !a.home().equals(p[5])) {
            mod.add("--home " + Shell.quote(a.home()) + (a.moveHome() ? " --move-home" : ""));
            diffs.add(Diff.property(label, "home", p[5], a.home() + (a.moveHome() ? " (moved)" : "")));
        }
        compare(label, "comment", p[4], a.comment(), "--comment", mod, diffs);
        if (a.groupsGiven()) {
            Set<String> current = new TreeSet<>(f.groups());
            Set<String> wanted = new TreeSet<>(a.groups());
            if (primaryName != null) wanted.remove(primaryName);
            boolean ok = a.append() ? current.containsAll(wanted) : current.equals(wanted);
            if (!ok) {
                Set<String> after = new TreeSet<>(wanted);
                if (a.append()) after.addAll(current);
                mod.add((a.append() ? "--append " : "") + "--groups " + Shell.quote(String.join(",", a.append() ? wanted : after)));
                diffs.add(Diff.property(label, "groups", String.join(",", current), String.join(",", after)));
            }
        }
        String stdin = null;
        if (a.password() != null && a.updatePassword() == UpdatePassword.ALWAYS && !a.password().equals(f.hash())) {
            stdin = a.name() + ":" + a.password() + "\n";
            diffs.add(Diff.property(label, "password", f.hash() == null ? "(unknown)" : "(hidden)", "(changed)"));
        }
        if (mod.isEmpty() && stdin == null) {
            return new Plan.NoOp(label + " exists (uid " + p[2] + ", gid " + p[3] + ", shell " + p[6] + ", home " + p[5]
                    + (f.groups().isEmpty() ? "" : ", groups " + String.join(",", f.groups())) + ")", data);
        }
        String summary = "change user " + a.name() + ": " + String.join(", ", diffs.stream().map(d -> d.label().replaceAll(".*\\((.*)\\)", "$1")).toList());
        List<String> script = new ArrayList<>();
        if (!mod.isEmpty()) script.add("usermod " + String.join(" ", mod) + " " + n);
        if (stdin != null) script.add("chpasswd -e");
        return new Plan.Change(summary, diffs, List.of(new UserStep(summary, String.join(" && ", script), stdin, false, a.name(), s -> { })), data);
    }

    private Plan create(UserArgs a, Found f, TaskContext ctx) throws ModuleFailure {
        if (a.group() != null && f.primary() == null && !(ctx.check() && ctx.state().predicted(Prediction.group(a.group())).isPresent())) {
            throw new ModuleFailure("group " + a.group() + " (primary group of user " + a.name() + ") does not exist on " + ctx.hostName());
        }
        List<String> cmd = new ArrayList<>(List.of("useradd"));
        if (a.system()) cmd.add("--system");
        cmd.add(a.createHome() ? "--create-home" : "--no-create-home");
        if (a.uid() != null) cmd.add("--uid " + Shell.quote(a.uid()));
        if (a.group() != null) cmd.add("--gid " + Shell.quote(a.group()));
        if (a.groupsGiven() && !a.groups().isEmpty()) cmd.add("--groups " + Shell.quote(String.join(",", a.groups())));
        if (a.shell() != null) cmd.add("--shell " + Shell.quote(a.shell()));
        if (a.home() != null) cmd.add("--home-dir " + Shell.quote(a.home()));
        if (a.comment() != null) cmd.add("--comment " + Shell.quote(a.comment()));
        cmd.add(Shell.quote(a.name()));
        String script = String.join(" ", cmd);
        String stdin = null;
        if (a.password() != null) {
            script += " && chpasswd -e";
            stdin = a.name() + ":" + a.password() + "\n";
        }
        Integer uid = a.uid() != null ? Integer.valueOf(a.uid()) : nextUid(a.system(), f);
        String home = a.home() != null ? a.home() : f.defaults().getOrDefault("HOME", "/home").replaceAll("/+$", "") + "/" + a.name();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", a.name());
        data.put("state", "present");
        if (uid != null) data.put("uid", uid);
        data.put("home", home);
        if (a.shell() != null) data.put("shell", a.shell());
        String summary = "create user " + a.name();
        Prediction.User predicted = new Prediction.User(a.name(), uid, home);
        return new Plan.Change(summary, List.of(new Diff("user " + a.name(), null, "present\n")),
                List.of(new UserStep(summary, script, stdin, true, a.name(), s -> s.predict(Prediction.user(a.name()), predicted))), data);
    }

    /** The uid useradd would give a new account: above the highest in UID_MIN..UID_MAX, or the highest free system uid. */
    static Integer nextUid(boolean system, Found f) {
        int min = number(f.defaults().get(system ? "SYS_UID_MIN" : "UID_MIN"), system ? 100 : 1000);
        int max = number(f.defaults().get(system ? "SYS_UID_MAX" : "UID_MAX"), system ? 999 : 60000);
        if (system) {
            for (int u = max; u >= min; u--) if (!f.uids().contains(u)) return u;
            return null;
        }
        int highest = f.uids().stream().filter(u -> u >= min && u <= max).max(Integer::compare).orElse(min - 1);
        if (highest < max) return highest + 1;
        for (int u = min; u <= max; u++) if (!f.uids().contains(u)) return u;
        return null;
    }

    private static int number(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void compare(String label, String what, String current, String wanted, String flag, List<String> mod, List<Diff> diffs) {
        if (wanted != null && !wanted.equals(current)) {
            mod.add(flag + " " + Shell.quote(wanted));
            diffs.add(Diff.property(label, what, current, wanted));
        }
    }

    /**
     * useradd, usermod, chpasswd or userdel: the password goes on stdin, never on the command line
     * or in the output. A new account's uid and home come back as the task's result.
     */
    record UserStep(String what, String script, String stdin, boolean created, String user, Consumer<HostState> prediction) implements Step {
        @Override
        public String describe() {
            return what;
        }

        @Override
        public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
            String full = script + (created ? "; rc=$?; getent passwd " + Shell.quote(user) + "; exit $rc" : "");
            ExecResult r = stdin == null ? ctx.run(full) : ctx.run(full, stdin.getBytes(StandardCharsets.UTF_8));
            if (!r.ok()) throw new ModuleFailure(what + " failed on " + ctx.hostName() + ": " + r.firstErrorLine());
            if (!created) return Map.of();
            String[] lines = r.stdout().strip().split("\n");
            String[] p = lines[lines.length - 1].split(":", -1);
            if (p.length < 7 || !p[2].matches("\\d+")) return Map.of();
            return Map.of("uid", Integer.parseInt(p[2]), "group", Integer.parseInt(p[3]), "home", p[5], "shell", p[6]);
        }

        @Override
        public void predict(HostState state) {
            prediction.accept(state);
        }

        @Override
        public String toString() {
            return "UserStep[" + what + "]";
        }
    }
}
