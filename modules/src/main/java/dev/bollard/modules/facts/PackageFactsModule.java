package dev.bollard.modules.facts;

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
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code package_facts}: the installed Debian packages as Ansible lists them with apt
 * ({@code ansible_facts.packages}: name to a list of {@code {name, version, arch, source: apt}}),
 * read from dpkg's database in one round trip. A package of a foreign architecture is named
 * {@code name:arch}, as apt names it. apt's {@code origin} and {@code category} are left out:
 * dpkg does not know where a package came from, and its section can lag behind the archive's.
 */
public final class PackageFactsModule implements Module<PackageFactsModule.PackageArgs> {
    /** dpkg states in which apt counts a package as installed (a current version exists). */
    private static final String INSTALLED_STATES = "iUFHWt";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.list("manager", "the package managers to read: auto or apt (dpkg's database); others are refused")
                    .byDefault(List.of("auto")),
            Param.choice("strategy", "first: the first manager found; all: every one given (the same here: apt only)",
                    "first", "all"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "The installed Debian packages under ansible_facts.packages (name to a list of {name, version, arch, source}), read "
                    + "from dpkg's database in one round trip.",
            "nothing: it only reads, so it never reports a change",
            "it runs in check mode as in a real run (it only reads); later tasks see the packages it lists",
            """
            - name: List the installed packages
              package_facts:
                manager: auto
            - name: Show the version of dpkg
              debug:
                msg: "dpkg {{ ansible_facts.packages['dpkg'][0].version }}"
            """);

    record PackageArgs() {
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
    public String name() {
        return "package_facts";
    }

    @Override
    public PackageArgs parse(Args args) throws ArgsException {
        for (String m : SetupModule.commaList(args.stringList("manager"))) {
            if (!m.equals("auto") && !m.equals("apt")) {
                throw args.invalid("manager", "package_facts reads apt (dpkg) packages only, not '" + m + "' (use auto or apt)");
            }
        }
        return new PackageArgs();
    }

    @Override
    public Set<String> factNames() {
        return Set.of("packages");
    }

    @Override
    public Plan plan(PackageArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        List<ExecResult> r = ctx.runAll(List.of(
                "dpkg-query -W -f='${binary:Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'",
                "dpkg --print-architecture"));
        if (!r.get(0).ok()) {
            throw new ModuleFailure("package_facts found no dpkg database on " + ctx.hostName() + " (it reads Debian packages only): "
                    + r.get(0).firstErrorLine());
        }
        Map<String, Object> packages = parse(r.get(0).stdout(), r.get(1).stdout().strip());
        return new Plan.NoOp(packages.size() + " packages installed", Map.of("ansible_facts", Map.of("packages", packages)));
    }

    /** dpkg-query's tab-separated lines, installed packages only, by name. */
    static Map<String, Object> parse(String out, String nativeArch) {
        Map<String, Object> packages = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 4 || f[3].length() < 2 || INSTALLED_STATES.indexOf(f[3].charAt(1)) < 0) continue;
            String name = f[0].endsWith(":" + nativeArch) ? f[0].substring(0, f[0].length() - nativeArch.length() - 1) : f[0];
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("version", f[1]);
            p.put("arch", f[2]);
            p.put("source", "apt");
            @SuppressWarnings("unchecked")
            List<Object> versions = (List<Object>) packages.computeIfAbsent(name, k -> new ArrayList<>());
            versions.add(p);
        }
        return packages;
    }

    @Override
    public boolean hasPostcondition(PackageArgs a) {
        return false;
    }
}
