package dev.bollard.modules.stat;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code stat}: reads a path's facts for {@code register}, as Ansible's stat does; never changes anything. */
public final class StatModule implements Module<StatModule.StatArgs> {

    public record StatArgs(String path, boolean checksum) {
    }

    @Override
    public String name() {
        return "stat";
    }

    @Override
    public StatArgs parse(Args args) throws ArgsException {
        Optional<String> given = args.optString("path");
        if (given.isEmpty()) given = args.optString("dest");
        String path = given.orElseThrow(() -> args.missing("path"));
        StatArgs a = new StatArgs(path, args.bool("checksum", false) || args.bool("get_checksum", false));
        args.finish();
        return a;
    }

    @Override
    public List<Probe> probes(StatArgs a) {
        return List.of(Probe.stat(a.path()));
    }

    @Override
    public Plan plan(StatArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> f = ctx.stat(a.path());
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("exists", f.isPresent());
        stat.put("path", a.path());
        if (f.isEmpty()) return new Plan.NoOp(a.path() + " does not exist", Map.of("stat", stat));
        RemoteFile r = f.get();
        stat.put("isdir", r.isDirectory());
        stat.put("isreg", r.isFile());
        stat.put("islnk", r.type() == RemoteFile.Type.LINK);
        stat.put("mode", r.mode());
        stat.put("pw_name", r.owner());
        stat.put("gr_name", r.group());
        stat.put("size", r.size());
        if (r.linkTarget() != null) stat.put("lnk_target", r.linkTarget());
        if (a.checksum() && r.isFile()) {
            ExecResult sum = ctx.run("sha256sum -- " + Shell.quote(a.path()));
            if (!sum.ok()) throw new ModuleFailure("cannot checksum " + a.path() + " on " + ctx.hostName() + ": " + sum.firstErrorLine());
            stat.put("checksum", sum.stdout().split(" ")[0]);
        }
        String kind = r.isDirectory() ? "directory" : r.isFile() ? "file" : r.type() == RemoteFile.Type.LINK ? "link" : "special file";
        return new Plan.NoOp(a.path() + " exists: " + kind + ", mode " + r.mode() + ", owner " + r.owner(), Map.of("stat", stat));
    }
}
