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
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code getent}: a name-service database read with getent(1) into {@code ansible_facts.getent_DATABASE},
 * shaped as Ansible's: each entry's first field to the list of the others.
 */
public final class GetentModule implements Module<GetentModule.GetentArgs> {
    /** Databases whose entries are colon-separated when split is not given, as in Ansible. */
    private static final Set<String> COLON = Set.of("passwd", "shadow", "group", "gshadow");
    /** The databases glibc's getent knows, for the facts a playbook may read before the run. */
    private static final List<String> DATABASES = List.of("ahosts", "ahostsv4", "ahostsv6", "aliases", "ethers", "group", "gshadow",
            "hosts", "initgroups", "netgroup", "networks", "passwd", "protocols", "rpc", "services", "shadow");

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("database", "the database to read, as getent names it: passwd, group, shadow, hosts, services..."
                    + " (the facts are ansible_facts.getent_DATABASE)").mandatory(),
            Param.str("key", "the entry to look up (a name, or a number such as a uid); without it the whole database is read"),
            Param.str("split", "the separator of an entry's fields; by default ':' for passwd, shadow, group and gshadow, "
                    + "and runs of white space for the others"),
            Param.bool("fail_key", true, "fail when key is not found; false: the fact holds the key with a null value"),
            Param.str("service", "Ansible's getent -s SERVICE; Bollard refuses it (the host's nsswitch.conf decides)"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A name-service database read with getent into ansible_facts.getent_DATABASE (passwd, group, hosts, services...), "
                    + "shaped as Ansible's: each entry's first field maps to the list of its other fields (a key listed twice maps to "
                    + "a list of such lists). Only reads: it runs in check mode and never reports a change. The service option "
                    + "(getent -s) is refused.",
            "nothing: it reads the host and sets facts, so bollard verify reports it as unchecked",
            "it runs in check mode as well, so later tasks see the facts",
            """
            - name: root's account
              getent:
                database: passwd
                key: root
            - name: root's shell
              debug:
                msg: "root logs in with {{ ansible_facts.getent_passwd['root'][5] }}"
            - name: A group that may not exist
              getent:
                database: group
                key: bollard-nobody-here
                fail_key: false
            - name: Every group of the host, with its members
              getent:
                database: group
            - name: The sudo group's members
              debug:
                msg: "sudo: {{ ansible_facts.getent_group['sudo'][2] }}"
            """);

    public record GetentArgs(String database, String key, String split, boolean failKey) {
    }

    @Override
    public String name() {
        return "getent";
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
    public Set<String> factNames() {
        return DATABASES.stream().map(d -> "getent_" + d).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public GetentArgs parse(Args args) throws ArgsException {
        if (args.has("service")) {
            throw args.invalid("service", "'service' (getent -s) is not supported by Bollard: the host's nsswitch.conf decides which service answers");
        }
        String db = args.string("database");
        if (!db.matches("[A-Za-z0-9_.-]+") && !args.lenient()) throw args.invalid("database", "'database' must be a database name such as passwd, not '" + db + "'");
        String split = args.optString("split").orElse(null);
        if (split != null && split.isEmpty()) throw args.invalid("split", "'split' must not be empty");
        return new GetentArgs(db, args.optString("key").orElse(null), split, args.bool("fail_key", true));
    }

    private static String getent(GetentArgs a) {
        return "getent " + Shell.quote(a.database()) + (a.key() == null ? "" : " " + Shell.quote(a.key()));
    }

    /** A key that is not there exits 2: a read-ahead leaves that unanswered, and the plan asks itself, exit code and all. */
    @Override
    public List<Probe> probes(GetentArgs a) {
        return List.of(Probe.query(getent(a)));
    }

    @Override
    public Plan plan(GetentArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(getent(a));
        String fact = "getent_" + a.database();
        Map<String, Object> results = new LinkedHashMap<>();
        switch (r.rc()) {
            case 0 -> {
                results = entries(r.stdout(), a.split() != null ? a.split() : COLON.contains(a.database()) ? ":" : null);
                return new Plan.NoOp(results.size() + " entr" + (results.size() == 1 ? "y" : "ies") + " of " + a.database()
                        + (a.key() == null ? "" : " for " + a.key()), facts(fact, results));
            }
            case 1 -> throw new ModuleFailure("getent on " + ctx.hostName() + ": missing arguments, or database " + a.database() + " unknown");
            case 2 -> {
                if (a.failKey()) {
                    throw new ModuleFailure("getent on " + ctx.hostName() + ": " + a.key() + " is not in " + a.database());
                }
                results.put(a.key(), null);
                return new Plan.NoOp(a.key() + " is not in " + a.database(), facts(fact, results));
            }
            case 3 -> throw new ModuleFailure("getent on " + ctx.hostName() + ": enumeration is not supported on " + a.database() + "; give a key");
            case 127 -> throw new ModuleFailure("getent is not installed on " + ctx.hostName());
            default -> throw new ModuleFailure("getent " + a.database() + " failed on " + ctx.hostName() + ": " + r.firstErrorLine());
        }
    }

    private static Map<String, Object> facts(String name, Map<String, Object> results) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(name, results);
        return Map.of("ansible_facts", facts);
    }

    /** Ansible's shape: first field to the other fields; a repeated first field to a list of those lists. */
    static Map<String, Object> entries(String out, String split) {
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) continue;
            List<String> record = split == null ? Arrays.asList(line.strip().split("\\s+")) : Arrays.asList(line.split(java.util.regex.Pattern.quote(split), -1));
            String k = record.get(0);
            List<String> rest = new ArrayList<>(record.subList(1, record.size()));
            Integer n = seen.get(k);
            if (n == null) {
                results.put(k, rest);
                seen.put(k, 1);
            } else {
                if (n == 1) {
                    List<Object> many = new ArrayList<>();
                    many.add(results.get(k));
                    results.put(k, many);
                }
                @SuppressWarnings("unchecked")
                List<Object> many = (List<Object>) results.get(k);
                many.add(rest);
                seen.put(k, n + 1);
            }
        }
        return results;
    }

    @Override
    public boolean hasPostcondition(GetentArgs a) {
        return false;
    }
}
