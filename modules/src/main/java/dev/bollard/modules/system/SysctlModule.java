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

    public record SysctlArgs(String name, String value, String file, boolean present, boolean reload) {
    }

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public SysctlArgs parse(Args args) throws ArgsException {
        String name = args.string("name");
        if (!name.matches("[a-zA-Z0-9_.\\-/*]+")) throw args.invalid("name", "'" + name + "' is not a sysctl name");
        boolean present = args.present("state");
        Optional<String> value = args.optString("value");
        if (present && value.isEmpty()) throw args.missing("value");
        SysctlArgs a = new SysctlArgs(name, value.map(String::strip).orElse(null), args.string("sysctl_file", "/etc/sysctl.d/99-bollard.conf"),
                present, args.bool("reload", true));
        args.finish();
        return a;
    }

    @Override
    public List<Probe> probes(SysctlArgs a) {
        return a.present() && a.reload() ? List.of(Probe.read(a.file()), Probe.query(sysctlRead(a))) : List.of(Probe.read(a.file()));
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
        String live = live(a, ctx);
        if (a.present() && a.reload() && !normal(a.value()).equals(normal(live))) {
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
        if (!a.present() || !a.reload()) return Verdict.holds(a.name() + " in " + a.file());
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
        String line = a.name() + " = " + a.value();
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
