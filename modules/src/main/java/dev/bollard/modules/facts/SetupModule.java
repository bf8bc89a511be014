package dev.bollard.modules.facts;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code setup}: reads the host's facts in one round trip and returns them as Ansible's setup
 * module does, under {@code ansible_facts} with the {@code ansible_} prefix. The engine runs it
 * before a play's first task when the play gathers facts. It only reads, so it runs in check
 * mode too and never reports a change.
 */
public final class SetupModule implements Module<SetupModule.SetupArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(
            Param.list("gather_subset", "the fact groups to read (all, min, hardware, network, virtual, or a collector such as "
                    + "distribution); a name with ! leaves that group out; a comma-separated string works too").byDefault(List.of("all")),
            Param.list("filter", "shell-style patterns of the fact names to return (ansible_distribution*); all facts when empty")
                    .byDefault(List.of()),
            Param.integer("gather_timeout", "refused: the run's --timeout bounds fact gathering (Ansible's default is 10)"),
            Param.path("fact_path", "refused: local facts (/etc/ansible/facts.d, Ansible's default) are not gathered"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "Reads the host's facts in one round trip and returns them under ansible_facts, with the ansible_ prefix, as "
                    + "Ansible's setup module does. gather_timeout and fact_path are declared with no default, unlike Ansible's: "
                    + "Bollard does not run local fact scripts and bounds gathering with the run's --timeout, so both are refused "
                    + "when given.",
            "nothing: it only reads, so it never reports a change",
            "it runs in check mode as in a real run (it only reads); later tasks see the facts it returns",
            """
            - name: Read the distribution and network facts only
              setup:
                gather_subset:
                  - "!all"
                  - distribution
                  - network
            - name: Show what was read
              debug:
                msg: "{{ ansible_distribution }} {{ ansible_distribution_version }}, {{ ansible_default_ipv4.address | default('no IPv4 route') }}"
            """);

    /** @param subset {@code gather_subset} as written (Ansible reports it back); @param filter name patterns */
    record SetupArgs(List<String> subset, List<String> filter, List<FactCollector> collectors) {
    }

    @Override
    public String name() {
        return "setup";
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
    public SetupArgs parse(Args args) throws ArgsException {
        if (args.has("fact_path")) {
            throw args.invalid("fact_path", "local facts (fact_path, /etc/ansible/facts.d) are not gathered by Bollard");
        }
        if (args.has("gather_timeout")) {
            throw args.invalid("gather_timeout", "gather_timeout is not supported: the run's --timeout bounds fact gathering");
        }
        List<String> subset = commaList(args.stringList("gather_subset"));
        List<String> filter = commaList(args.stringList("filter"));
        try {
            return new SetupArgs(subset.isEmpty() ? List.of("all") : subset, filter, GatherSubset.collectors(subset));
        } catch (IllegalArgumentException e) {
            throw args.invalid("gather_subset", e.getMessage());
        }
    }

    /** Ansible's list arguments also take one comma-separated string. */
    static List<String> commaList(List<String> given) {
        List<String> out = new ArrayList<>();
        for (String g : given) {
            for (String part : g.split(",")) if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }

    @Override
    public Set<String> factNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String n : GatherSubset.allNames()) names.add("ansible_" + n);
        names.add("gather_subset");
        names.add("module_setup");
        return names;
    }

    @Override
    public Plan plan(SetupArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        FactScript script = new FactScript();
        for (FactCollector c : a.collectors()) c.ask(script);
        Sections answers = script.answers(ctx.runAll(script.commands()));
        Map<String, Object> raw = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (FactCollector c : a.collectors()) {
            try {
                c.collect(answers, raw);
            } catch (RuntimeException e) {
                // as in Ansible, one collector that cannot read its output costs its facts, not the others
                problems.add(c.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        FactFilter filter = new FactFilter(a.filter());
        Map<String, Object> facts = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (filter.keeps("ansible_" + k)) facts.put("ansible_" + k, v);
        });
        if (filter.keeps("gather_subset")) facts.put("gather_subset", a.subset());
        if (filter.keeps("module_setup")) facts.put("module_setup", true);
        String summary = "gathered " + facts.size() + " facts" + describe(raw)
                + (problems.isEmpty() ? "" : "; could not read " + String.join("; ", problems));
        return new Plan.NoOp(summary, Map.of("ansible_facts", facts));
    }

    /** A few words on what the host is: "(Debian 12, x86_64, docker guest)". */
    private static String describe(Map<String, Object> raw) {
        List<String> words = new ArrayList<>();
        if (raw.containsKey("distribution")) words.add(raw.get("distribution") + " " + raw.getOrDefault("distribution_version", ""));
        if (raw.containsKey("architecture")) words.add(String.valueOf(raw.get("architecture")));
        Object virt = raw.get("virtualization_type");
        if (virt != null && !"NA".equals(virt)) words.add(virt + " " + raw.getOrDefault("virtualization_role", ""));
        return words.isEmpty() ? "" : " (" + String.join(", ", words).strip() + ")";
    }

    @Override
    public boolean hasPostcondition(SetupArgs a) {
        return false;
    }
}
