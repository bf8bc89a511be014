package dev.bollard.modules.system;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.List;

/** {@code linger}: a user's systemd instance runs without a login session ({@code loginctl enable-linger}). */
public final class LingerModule implements Module<LingerModule.LingerArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("user", "the account whose systemd instance keeps running").mandatory().aliases("name"),
            Param.choice("state", "present: lingering on; absent: off", "present", "absent"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A user's systemd instance runs without a login session (loginctl enable-linger), as rootless Docker needs.",
            "the flag file /var/lib/systemd/linger/USER exists (present) or not (absent)",
            "nothing beyond its own change",
            """
            - name: A user for the example
              user:
                name: lingerdemo
            - name: Keep lingerdemo's services running after logout
              linger:
                user: lingerdemo
            """);

    public record LingerArgs(String user, boolean present) {
    }

    @Override
    public String name() {
        return "linger";
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
    public LingerArgs parse(Args args) throws ArgsException {
        return new LingerArgs(args.string("user"), args.present("state"));
    }

    /** The file logind keeps while a user lingers. */
    private static String flag(LingerArgs a) {
        return "/var/lib/systemd/linger/" + a.user();
    }

    @Override
    public List<Probe> probes(LingerArgs a) {
        return List.of(Probe.stat(flag(a)));
    }

    @Override
    public Plan plan(LingerArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String flag = flag(a);
        boolean on = ctx.stat(flag).isPresent();
        if (on == a.present()) return Plan.noOp("lingering is " + (on ? "on" : "off") + " for " + a.user() + " (" + flag + ")");
        String what = (a.present() ? "enable" : "disable") + " lingering for " + a.user();
        String u = Shell.quote(a.user());
        String script = a.present() ? "loginctl enable-linger " + u + " && for i in $(seq 50); do [ -d /run/user/$(id -u " + u + ") ] && break; sleep 0.2; done"
                : "loginctl disable-linger " + u;
        return new Plan.Change(what, List.of(Diff.property(a.user(), "linger", on ? "on" : "off", a.present() ? "on" : "off")),
                List.of(new ScriptStep(what, script)));
    }
}
