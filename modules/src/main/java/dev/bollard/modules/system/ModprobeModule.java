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
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.WriteFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code modprobe} (community.general.modprobe): a kernel module loaded or not, and with
 * {@code persistent} loaded at boot with its options, written and commented out the way
 * Ansible's module does it, in {@code /etc/modules-load.d} and {@code /etc/modprobe.d}.
 */
public final class ModprobeModule implements Module<ModprobeModule.ModprobeArgs> {
    static final String MODULES_LOAD = "/etc/modules-load.d";
    static final String MODPROBE_D = "/etc/modprobe.d";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("name", "the kernel module, as modprobe names it (e.g. br_netfilter, overlay)").mandatory(),
            Param.choice("state", "present: the module is loaded (or built into the kernel); absent: it is not loaded", "present", "absent"),
            Param.str("params", "the module's options, as 'key=value key2=value2', given to modprobe when it loads the module "
                    + "and, with persistent: present, written to /etc/modprobe.d/NAME.conf").byDefault(""),
            Param.choice("persistent", "disabled: only the running kernel; present: also loaded at boot (/etc/modules-load.d/NAME.conf) "
                    + "with params (/etc/modprobe.d/NAME.conf, other files' options for it commented out); absent: every line that "
                    + "loads it at boot, and its options, commented out", "disabled", "present", "absent"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A kernel module loaded or unloaded with modprobe, and with persistent: present or absent, loaded at boot or not, "
                    + "as community.general.modprobe does it: NAME in /etc/modules-load.d/NAME.conf, 'options NAME key=value' lines "
                    + "in /etc/modprobe.d/NAME.conf, and lines elsewhere that contradict it commented out with '#'. A module is "
                    + "loaded if /proc/modules lists it, modules.builtin of the running kernel names it, or /sys/module/NAME exists "
                    + "(built in). modprobe is needed only when a module must actually be loaded or unloaded, and a container cannot: "
                    + "the example loads nothing, it asks for loop (built into most kernels, so already there) to be loaded at boot and "
                    + "for a module that is not loaded to stay so.",
            "the module is loaded or not as asked (the same reads as plan), and with persistent the boot configuration lines are "
                    + "there, or commented out",
            "the module loaded or unloaded (Prediction.kernelModule) and the configuration files it writes, so a later task on "
                    + "the same module or file plans against them",
            """
            - name: loop devices at boot (already in the kernel here, so nothing is loaded now)
              modprobe:
                name: loop
                state: present
                params: max_loop=16
                persistent: present
            - name: The dummy network driver stays out, now and at boot
              modprobe:
                name: dummy
                state: absent
                persistent: absent
            """);

    public enum Persistent { DISABLED, PRESENT, ABSENT }

    public record ModprobeArgs(String name, boolean present, String params, Persistent persistent) {
        Set<String> wantedParams() {
            return new LinkedHashSet<>(params.isBlank() ? List.of() : Arrays.asList(params.trim().split("\\s+")));
        }
    }

    @Override
    public String name() {
        return "modprobe";
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
    public ModprobeArgs parse(Args args) throws ArgsException {
        String name = args.string("name");
        if (!name.matches("[A-Za-z0-9_-]+") && !args.unresolved(name)) {
            throw args.invalid("name", "'name' must be a kernel module name such as br_netfilter, not '" + name + "'");
        }
        String params = args.string("params", "");
        for (String p : params.isBlank() ? new String[0] : params.trim().split("\\s+")) {
            if (!p.matches("\\w+=\\S+") && !args.unresolved(params)) {
                throw args.invalid("params", "'params' must be key=value words such as 'max_loop=16', not '" + p + "'");
            }
        }
        return new ModprobeArgs(name, args.present("state"), params, args.choice("persistent", Persistent.class, Persistent.DISABLED));
    }

    static String loadedQuery(String name) {
        String n = Shell.quote(name.replace('-', '_'));
        String ko = Shell.quote("/" + name + ".ko");
        return "if grep -q \"^\"" + n + "\" \" /proc/modules 2>/dev/null"
                + " || grep -qF -- " + ko + " /lib/modules/$(uname -r)/modules.builtin 2>/dev/null"
                + " || [ -d /sys/module/" + n + " ]; then echo loaded; else echo absent; fi";
    }

    static String filesQuery() {
        return "for f in " + MODULES_LOAD + "/* " + MODPROBE_D + "/*; do [ -f \"$f\" ] && printf '%s\\n' \"$f\"; done; true";
    }

    @Override
    public List<Probe> probes(ModprobeArgs a) {
        List<Probe> p = new ArrayList<>(List.of(Probe.query(loadedQuery(a.name()))));
        if (a.persistent() != Persistent.DISABLED) p.add(Probe.query(filesQuery()));
        return p;
    }

    private static boolean loaded(ModprobeArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Predicted<String> predicted = ctx.state().predicted(Prediction.kernelModule(a.name()));
        if (predicted.known()) return predicted.isPresent();
        ExecResult r = ctx.query(loadedQuery(a.name()));
        if (!r.ok()) throw new ModuleFailure("cannot tell whether " + a.name() + " is loaded on " + ctx.hostName() + ": " + r.firstErrorLine());
        return r.stdout().strip().equals("loaded");
    }

    @Override
    public Plan plan(ModprobeArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        List<String> done = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        boolean loaded = loaded(a, ctx);
        String n = Shell.quote(a.name());
        if (a.present() && !loaded) {
            StringBuilder cmd = new StringBuilder(modprobe()).append(" -- ").append(n);
            for (String p : a.wantedParams()) cmd.append(' ').append(Shell.quote(p));
            steps.add(new ScriptStep("load kernel module " + a.name(), cmd.toString(),
                    s -> s.predict(Prediction.kernelModule(a.name()), a.name())));
            diffs.add(Diff.property(a.name(), "kernel module", "not loaded", "loaded"));
            done.add("load " + a.name());
        } else if (!a.present() && loaded) {
            steps.add(new ScriptStep("unload kernel module " + a.name(), modprobe() + " -r -- " + n,
                    s -> s.predictAbsent(Prediction.kernelModule(a.name()))));
            diffs.add(Diff.property(a.name(), "kernel module", "loaded", "not loaded"));
            done.add("unload " + a.name());
        }
        if (a.persistent() != Persistent.DISABLED) {
            Map<String, byte[]> files = configFiles(a, ctx);
            Map<String, byte[]> changes = a.persistent() == Persistent.PRESENT ? persist(a, files) : unpersist(a, files);
            Set<String> dirs = new TreeSet<>();
            for (Map.Entry<String, byte[]> c : changes.entrySet()) {
                byte[] before = files.get(c.getKey());
                if (before == null) dirs.add(c.getKey().substring(0, c.getKey().lastIndexOf('/')));
                diffs.add(new Diff(c.getKey(), before == null ? null : text(before), text(c.getValue())));
                done.add((before == null ? "write " : "edit ") + c.getKey());
            }
            for (String d : dirs) {
                steps.add(new ScriptStep("create " + d, "mkdir -p -- " + Shell.quote(d)));
            }
            for (Map.Entry<String, byte[]> c : changes.entrySet()) {
                steps.add(new WriteFile(c.getKey(), c.getValue(), files.containsKey(c.getKey()) ? null : "0644", null, null, null, false));
            }
        }
        if (steps.isEmpty()) {
            return Plan.noOp(a.name() + (a.present() ? " is loaded" : " is not loaded")
                    + switch (a.persistent()) {
                        case DISABLED -> "";
                        case PRESENT -> ", and loaded at boot" + (a.params().isBlank() ? "" : " with " + a.params().trim());
                        case ABSENT -> ", and not loaded at boot";
                    });
        }
        return new Plan.Change(String.join("; ", done), diffs, steps);
    }

    private static String modprobe() {
        return "command -v modprobe >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin; command -v modprobe >/dev/null 2>&1 "
                + "|| { echo 'modprobe is not installed (Debian: apt kmod)' >&2; exit 127; }; modprobe";
    }

    /** The files of /etc/modules-load.d and /etc/modprobe.d, with their content, by path. */
    private static Map<String, byte[]> configFiles(ModprobeArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult list = ctx.query(filesQuery());
        Set<String> paths = new TreeSet<>();
        for (String l : list.stdout().split("\n")) if (!l.isBlank()) paths.add(l);
        paths.add(MODULES_LOAD + "/" + a.name() + ".conf");
        paths.add(MODPROBE_D + "/" + a.name() + ".conf");
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String p : paths) {
            Optional<RemoteFile> f = ctx.read(p);
            if (f.isPresent() && f.get().isFile()) out.put(p, f.get().content());
        }
        return out;
    }

    private static Pattern moduleLine(ModprobeArgs a) {
        return Pattern.compile("^ *" + Pattern.quote(a.name()) + " *(?:[#;].*)?$");
    }

    private static Pattern optionsLine(ModprobeArgs a) {
        return Pattern.compile("^options " + Pattern.quote(a.name()) + " (\\w+=\\S+) *(?:[#;].*)?$");
    }

    /** The options for the module in /etc/modprobe.d, as Ansible reads them (one key=value per line). */
    static Set<String> permanentParams(ModprobeArgs a, Map<String, byte[]> files) {
        Set<String> out = new LinkedHashSet<>();
        Pattern opt = optionsLine(a);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith(MODPROBE_D + "/")) continue;
            for (String l : text(f.getValue()).split("\n")) {
                var m = opt.matcher(l);
                if (m.matches()) out.add(m.group(1));
            }
        }
        return out;
    }

    static boolean loadedAtBoot(ModprobeArgs a, Map<String, byte[]> files) {
        Pattern mod = moduleLine(a);
        return files.entrySet().stream().filter(f -> f.getKey().startsWith(MODULES_LOAD + "/"))
                .anyMatch(f -> Arrays.stream(text(f.getValue()).split("\n")).anyMatch(l -> mod.matcher(l).matches()));
    }

    /** The files to write for persistent: present; empty when it already holds. */
    static Map<String, byte[]> persist(ModprobeArgs a, Map<String, byte[]> files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!loadedAtBoot(a, files)) {
            out.put(MODULES_LOAD + "/" + a.name() + ".conf", (a.name() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!a.wantedParams().equals(permanentParams(a, files))) {
            String own = MODPROBE_D + "/" + a.name() + ".conf";
            out.putAll(commentOut(files, MODPROBE_D, optionsLine(a), own));
            StringBuilder content = new StringBuilder();
            for (String p : a.wantedParams()) content.append("options ").append(a.name()).append(' ').append(p).append('\n');
            out.put(own, content.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The files to rewrite for persistent: absent: lines loading the module and its options commented out. */
    static Map<String, byte[]> unpersist(ModprobeArgs a, Map<String, byte[]> files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.putAll(commentOut(files, MODULES_LOAD, moduleLine(a), null));
        out.putAll(commentOut(files, MODPROBE_D, optionsLine(a), null));
        return out;
    }

    private static Map<String, byte[]> commentOut(Map<String, byte[]> files, String dir, Pattern line, String except) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith(dir + "/") || f.getKey().equals(except)) continue;
            String[] lines = text(f.getValue()).split("\n", -1);
            boolean changed = false;
            for (int i = 0; i < lines.length; i++) {
                if (line.matcher(lines[i]).matches()) {
                    lines[i] = "#" + lines[i];
                    changed = true;
                }
            }
            if (changed) out.put(f.getKey(), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
