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
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import dev.bollard.spi.WriteFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code sysctl}: a kernel setting in a file under /etc/sysctl.d (so it survives a reboot) and live. */
public final class SysctlModule implements Module<SysctlModule.SysctlArgs> {
    static final String DEFAULT_FILE = "/etc/sysctl.d/99-bollard.conf";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("name", "the setting, as sysctl names it (net.ipv4.ip_forward)").mandatory().aliases("key"),
            Param.str("value", "its value").aliases("val"),
            Param.choice("state", "present: the file sets the value; absent: the file has no line for it", "present", "absent"),
            Param.path("sysctl_file", "the file that keeps the setting across reboots (Ansible's default is /etc/sysctl.conf; "
                    + "Bollard keeps its settings in a file of its own under /etc/sysctl.d, which Debian reads and "
                    + "packages leave alone)").byDefault(DEFAULT_FILE),
            Param.bool("reload", true, "put the value in force now: Bollard compares the live value and sets it with "
                    + "sysctl -w when it differs (Ansible's reload runs sysctl -p on the file, which re-applies its other lines too)"),
            Param.bool("sysctl_set", false, "compare the live value and set it with sysctl -w when it differs, even with reload: false"))
            .requiredIf("state", "present", "value");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A kernel setting in a file under /etc/sysctl.d, so it survives a reboot, and in force now (sysctl -w).",
            "the file has exactly one line for the setting with the value (or none for state: absent) and, with reload or "
                    + "sysctl_set, sysctl -n shows the value",
            "the file's new content (as any file write), so a later task reading or editing the file plans against it",
            """
            - name: Core dumps of setuid programs off from the next boot (reload false, as a container cannot write /proc/sys)
              sysctl:
                name: fs.suid_dumpable
                value: "0"
                sysctl_file: /etc/sysctl.d/60-example.conf
                reload: false
            """);

    public record SysctlArgs(String name, String value, String file, boolean present, boolean reload, boolean sysctlSet) {
        /** Whether the live value is compared and set. */
        boolean live() {
            return present && (reload || sysctlSet);
        }
    }

    @Override
    public String name() {
        return "sysctl";
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
    public SysctlArgs parse(Args args) throws ArgsException {
        String name = args.string("name");
        if (!name.matches("[a-zA-Z0-9_.\\-/*]+")) throw args.invalid("name", "'" + name + "' is not a sysctl name");
        boolean present = args.present("state");
        Optional<String> value = args.optString("value");
        if (present && value.isEmpty()) throw args.missing("value");
        return new SysctlArgs(name, value.map(String::strip).orElse(null), args.string("sysctl_file", DEFAULT_FILE),
                present, args.bool("reload", true), args.bool("sysctl_set", false));
    }

    @Override
    public List<Probe> probes(SysctlArgs a) {
        return a.live() ? List.of(Probe.read(a.file()), Probe.query(sysctlRead(a))) : List.of(Probe.read(a.file()));
    }

    private static String sysctlRead(SysctlArgs a) {
        return "sysctl -n " + Shell.quote(a.name());
    }

    @Override
    public Plan plan(SysctlArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> file = ctx.read(a.file());
        String before = file.map(RemoteFile::text).orElse(null);
        String after = edit(before, a);
        List<Diff> diffs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        if (!after.equals(before == null ? "" : before) || before == null && a.present()) {
            diffs.add(new Diff(a.file(), before, after));
            steps.add(new WriteFile(a.file(), after.getBytes(StandardCharsets.UTF_8), file.isPresent() ? null : "0644", null, null, null, false));
        }
        String live = a.live() ? live(a, ctx) : null;
        if (a.live() && !normal(a.value()).equals(normal(live))) {
            diffs.add(Diff.property(a.name(), "live value", live, a.value()));
            steps.add(new ScriptStep("sysctl -w " + a.name() + "=" + a.value(),
                    "sysctl -q -w " + Shell.quote(a.name() + "=" + a.value())));
        }
        if (steps.isEmpty()) {
            return Plan.noOp(a.present() ? a.name() + " = " + a.value() + " in " + a.file() + " and live" : a.name() + " not set in " + a.file());
        }
        return new Plan.Change((a.present() ? "set " + a.name() + " = " + a.value() : "remove " + a.name() + " from " + a.file()), diffs, steps);
    }

    @Override
    public Verdict verify(SysctlArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ctx.forget();
        if (plan(a, ctx) instanceof Plan.Change c) return Verdict.fails(c.summary());
        if (!a.live()) return Verdict.holds(a.name() + " in " + a.file());
        String live = live(a, ctx);
        return normal(live).equals(normal(a.value())) ? Verdict.holds(a.name() + " is " + live + " live")
                : Verdict.fails(a.name() + " is " + live + " live, not " + a.value());
    }

    private static String live(SysctlArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(sysctlRead(a));
        if (!r.ok()) throw new ModuleFailure("cannot read sysctl " + a.name() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
        return r.stdout().strip();
    }

    private static String normal(String v) {
        return v == null ? "" : v.strip().replaceAll("\\s+", " ");
    }

    static String edit(String text, SysctlArgs a) {
        List<String> out = new ArrayList<>();
        boolean placed = false;
        // written as Ansible's sysctl writes it; a line for the setting with the value already, spaced or not, is kept
        String line = a.name() + "=" + a.value();
        if (text != null && !text.isEmpty()) {
            for (String l : text.split("\n")) {
                String key = l.contains("=") ? l.substring(0, l.indexOf('=')).strip() : null;
                if (a.name().equals(key) && !l.strip().startsWith("#")) {
                    if (a.present() && !placed) out.add(l.matches(".*=\\s*" + java.util.regex.Pattern.quote(a.value()) + "\\s*") ? l : line);
                    placed = true;
                } else {
                    out.add(l);
                }
            }
        }
        if (!placed && a.present()) out.add(line);
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }
}
