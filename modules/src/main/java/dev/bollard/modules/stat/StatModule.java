package dev.bollard.modules.stat;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
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

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.path("path", "the path to read; a link is described as the link, not followed").mandatory().aliases("dest", "name"),
            Param.bool("get_checksum", false, "add the file's checksum as stat.checksum. Off by default, unlike Ansible's, "
                    + "because it reads the whole file on every run; 'checksum: true' is accepted for playbooks written for Bollard before")
                    .aliases("checksum"),
            Param.choice("checksum_algorithm", "the checksum's algorithm (sha1 by default, as Ansible's)",
                    "sha1", "md5", "sha224", "sha256", "sha384", "sha512").aliases("checksum_algo"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "Reads a path's facts for register, as Ansible's stat does (exists, isdir, isreg, islnk, mode, pw_name, gr_name, size, "
                    + "lnk_target, checksum); never changes anything.",
            "nothing of its own: it changes nothing, so it always holds (add verify probes to the task to check what it reads)",
            "reads the host, or what earlier tasks of the check run predicted for the path",
            """
            - name: A file to look at
              copy:
                dest: /tmp/bollard-example-stat
                content: "hello\\n"
            - name: What is there
              stat:
                path: /tmp/bollard-example-stat
                get_checksum: true
              register: found
            - name: Say what it found
              debug:
                msg: "{{ found.stat.size }} bytes, sha1 {{ found.stat.checksum }}"
            """);

    public record StatArgs(String path, boolean checksum, String algorithm) {
    }

    @Override
    public String name() {
        return "stat";
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
    public StatArgs parse(Args args) throws ArgsException {
        return new StatArgs(args.string("path"), args.bool("get_checksum", false), args.string("checksum_algorithm", "sha1"));
    }


    @Override
    public List<Probe> probes(StatArgs a) {
        return a.checksum() ? List.of(Probe.stat(a.path()), Probe.query(checksum(a))) : List.of(Probe.stat(a.path()));
    }

    private static String checksum(StatArgs a) {
        return a.algorithm() + "sum -- " + Shell.quote(a.path());
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
            ExecResult sum = ctx.query(checksum(a));
            if (!sum.ok()) throw new ModuleFailure("cannot checksum " + a.path() + " on " + ctx.hostName() + ": " + sum.firstErrorLine());
            stat.put("checksum", sum.stdout().split(" ")[0]);
        }
        String kind = r.isDirectory() ? "directory" : r.isFile() ? "file" : r.type() == RemoteFile.Type.LINK ? "link" : "special file";
        return new Plan.NoOp(a.path() + " exists: " + kind + ", mode " + r.mode() + ", owner " + r.owner(), Map.of("stat", stat));
    }
}
