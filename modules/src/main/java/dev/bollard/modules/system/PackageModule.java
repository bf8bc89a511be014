package dev.bollard.modules.system;

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
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code package}: Ansible's generic package module. Bollard manages Debian hosts, so it is
 * {@code apt}: parse, plan and verify are apt's, after a check that the host has apt.
 */
public final class PackageModule implements Module<AptModule.AptArgs> {
    /** The package managers Ansible's package may pick, none of which Bollard has a module for. */
    private static final String APT_CHECK = "command -v apt-get >/dev/null 2>&1 && echo apt || echo none";
    private final AptModule apt = new AptModule();

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.list("name", "packages, each a name or name=version, as apt takes them").mandatory().aliases("pkg"),
            Param.choice("state", "present: installed; absent: not installed; latest: at the candidate version (required, "
                    + "as in Ansible)", "present", "absent", "latest").mandatory(),
            Param.bool("update_cache", false, "passed to apt: run apt-get update first").aliases("update-cache"),
            Param.integer("cache_valid_time", "passed to apt: skip the update when the lists are younger than this many seconds")
                    .byDefault(0),
            Param.str("use", "the package manager: auto (the host's, which must be apt) or apt; Bollard has no module for "
                    + "any other").byDefault("auto"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "Packages installed or removed with the host's package manager, as Ansible's package module: on the Debian hosts "
                    + "Bollard manages that is apt, and the task is an apt task (name, state, update_cache and "
                    + "cache_valid_time as apt takes them); a host without apt-get is refused when the task plans.",
            "as apt: dpkg-query shows each package installed (present, latest) or not (absent)",
            "as apt: each package installed or removed is predicted (Prediction.debianPackage)",
            """
            - name: A package the image has stays installed
              package:
                name: sudo
                state: present
            """);

    @Override
    public String name() {
        return "package";
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
    public AptModule.AptArgs parse(Args args) throws ArgsException {
        String use = args.string("use", "auto");
        if (!use.equals("auto") && !use.equals("apt") && !args.unresolved(use)) {
            throw args.invalid("use", "'use: " + use + "' is not available in Bollard: it manages packages with apt only "
                    + "(use: auto or apt)");
        }
        Map<String, Object> forApt = new LinkedHashMap<>();
        forApt.put("name", args.raw("name"));
        forApt.put("state", args.string("state", "present"));
        forApt.put("update_cache", args.bool("update_cache", false));
        forApt.put("cache_valid_time", args.integer("cache_valid_time", 0));
        return apt.parse(Args.bind(apt, forApt, args.lenient()));
    }

    @Override
    public List<Probe> probes(AptModule.AptArgs a) {
        List<Probe> out = new ArrayList<>(apt.probes(a));
        out.add(Probe.query(APT_CHECK));
        return out;
    }

    @Override
    public Plan plan(AptModule.AptArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(APT_CHECK);
        if (!r.stdout().strip().equals("apt")) {
            throw new ModuleFailure("package: " + ctx.hostName() + " has no apt-get; Bollard's package module manages Debian "
                    + "packages with apt only");
        }
        return apt.plan(a, ctx);
    }

    @Override
    public Verdict verify(AptModule.AptArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        return apt.verify(a, ctx);
    }
}
