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
import java.util.List;

/** {@code group}: a local group, present with an optional gid, or absent. */
public final class GroupModule implements Module<GroupModule.GroupArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("name", "the group's name").mandatory(),
            Param.choice("state", "present: the group exists; absent: it does not", "present", "absent"),
            Param.integer("gid", "the group's gid; an existing group with another gid gets this one (groupmod --gid)"),
            Param.bool("system", false, "a new group is a system group (gid below GID_MIN)"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A local group, present with an optional gid, or absent (groupadd, groupmod, groupdel).",
            "getent shows the group, with the gid asked for (or no such group with state: absent)",
            "a new group is predicted (Prediction.group, its gid when given) so a later user task may use it as its "
                    + "primary group; a removed group is predicted absent",
            """
            - name: A group with a fixed gid
              group:
                name: groupdemo
                gid: 4321
            - name: A system group
              group:
                name: groupdemo-sys
                system: true
            """);

    public record GroupArgs(String name, String gid, boolean system, boolean present) {
    }

    @Override
    public String name() {
        return "group";
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
    public GroupArgs parse(Args args) throws ArgsException {
        return new GroupArgs(args.string("name"), args.optInt("gid").map(String::valueOf).orElse(null),
                args.bool("system", false), args.present("state"));
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
        Predicted<String> predicted = ctx.state().predicted(Prediction.group(a.name()));
        if (entry.isEmpty() && predicted.isPresent()) {
            if (a.present()) return Plan.noOp("group " + a.name() + " would exist after an earlier task");
        } else if (entry.isEmpty() || predicted.isAbsent()) {
            if (!a.present()) return Plan.noOp("group " + a.name() + " does not exist");
            String cmd = "groupadd " + (a.system() ? "--system " : "") + (a.gid() != null ? "--gid " + Shell.quote(a.gid()) + " " : "") + Shell.quote(a.name());
            return new Plan.Change("create group " + a.name(), List.of(new Diff("group " + a.name(), null, "present\n")),
                    List.of(new ScriptStep("create group " + a.name(), cmd,
                            s -> s.predict(Prediction.group(a.name()), a.gid() == null ? "" : a.gid()))));
        }
        if (!a.present()) {
            return new Plan.Change("remove group " + a.name(), List.of(new Diff("group " + a.name(), "present\n", null)),
                    List.of(new ScriptStep("remove group " + a.name(), "groupdel " + Shell.quote(a.name()),
                            s -> s.predictAbsent(Prediction.group(a.name())))));
        }
        if (entry.isEmpty()) return Plan.noOp("group " + a.name() + " would exist after an earlier task");
        String gid = entry.split(":", -1)[2];
        if (a.gid() != null && !a.gid().equals(gid)) {
            return new Plan.Change("set gid of group " + a.name() + " to " + a.gid(), List.of(Diff.property("group " + a.name(), "gid", gid, a.gid())),
                    List.of(new ScriptStep("set gid of " + a.name(), "groupmod --gid " + Shell.quote(a.gid()) + " " + Shell.quote(a.name()),
                            s -> s.predict(Prediction.group(a.name()), a.gid()))));
        }
        return Plan.noOp("group " + a.name() + " exists (gid " + gid + ")");
    }
}
