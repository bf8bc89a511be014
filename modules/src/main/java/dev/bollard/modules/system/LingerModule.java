package dev.bollard.modules.system;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.List;

/** {@code linger}: a user's systemd instance runs without a login session ({@code loginctl enable-linger}). */
public final class LingerModule implements Module<LingerModule.LingerArgs> {

    public record LingerArgs(String user, boolean present) {
    }

    @Override
    public String name() {
        return "linger";
    }

    @Override
    public LingerArgs parse(Args args) throws ArgsException {
        boolean present = args.present("state");
        LingerArgs a = new LingerArgs(args.string("user"), present);
        args.finish();
        return a;
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
