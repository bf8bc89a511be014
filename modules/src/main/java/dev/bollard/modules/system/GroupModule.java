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
import java.util.List;

/** {@code group}: a local group, present with an optional gid, or absent. */
public final class GroupModule implements Module<GroupModule.GroupArgs> {

    public record GroupArgs(String name, String gid, boolean system, boolean present) {
    }

    @Override
    public String name() {
        return "group";
    }

    @Override
    public GroupArgs parse(Args args) throws ArgsException {
        boolean present = args.present("state");
        GroupArgs a = new GroupArgs(args.string("name"), args.optInt("gid").map(String::valueOf).orElse(null),
                args.bool("system", false), present);
        args.finish();
        return a;
    }

    private static String lookup(GroupArgs a) {
        return "getent group " + Shell.quote(a.name()) + "; true";
    }

    @Override
    public List<Probe> probes(GroupArgs a) {
        return List.of(Probe.query(lookup(a)));
    }

    @Override
    public Plan plan(GroupArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(lookup(a));
        String entry = r.stdout().strip();
        if (entry.isEmpty()) {
            if (!a.present()) return Plan.noOp("group " + a.name() + " does not exist");
            String cmd = "groupadd " + (a.system() ? "--system " : "") + (a.gid() != null ? "--gid " + Shell.quote(a.gid()) + " " : "") + Shell.quote(a.name());
            return new Plan.Change("create group " + a.name(), List.of(new Diff("group " + a.name(), null, "present\n")),
                    List.of(new ScriptStep("create group " + a.name(), cmd)));
        }
        String gid = entry.split(":", -1)[2];
        if (!a.present()) {
            return new Plan.Change("remove group " + a.name(), List.of(new Diff("group " + a.name(), "present\n", null)),
                    List.of(new ScriptStep("remove group " + a.name(), "groupdel " + Shell.quote(a.name()))));
        }
        if (a.gid() != null && !a.gid().equals(gid)) {
            return new Plan.Change("set gid of group " + a.name() + " to " + a.gid(), List.of(Diff.property("group " + a.name(), "gid", gid, a.gid())),
                    List.of(new ScriptStep("set gid of " + a.name(), "groupmod --gid " + Shell.quote(a.gid()) + " " + Shell.quote(a.name()))));
        }
        return Plan.noOp("group " + a.name() + " exists (gid " + gid + ")");
    }
}
