package dev.bollard.modules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which collectors a {@code gather_subset} asks for, by Ansible's rule: the minimal set always,
 * plus what is named, minus what is excluded ({@code !name}) unless also named. As in Ansible,
 * an exclusion alone leaves the minimal set ({@code !hardware} gathers {@code min}).
 */
final class GatherSubset {
    /** Bollard's collectors by subset name, in the order they run (later ones read earlier facts). */
    private static final Map<String, List<FactCollector>> COLLECTORS = new LinkedHashMap<>();
    /** What each subset needs gathered first, as Ansible's required_facts. */
    private static final Map<String, List<String>> REQUIRES = Map.of(
            "hardware", List.of("platform"), "network", List.of("distribution", "platform"),
            "pkg_mgr", List.of("distribution"), "service_mgr", List.of("platform", "distribution"));
    private static final Set<String> MIN = Set.of("date_time", "distribution", "env", "fips", "lsb", "pkg_mgr", "platform",
            "service_mgr", "user");
    /** Ansible's other subset names: they may be excluded, but Bollard gathers none of them. */
    private static final Set<String> NOT_GATHERED = Set.of("apparmor", "caps", "chroot", "cmdline", "dns", "facter",
            "fibre_channel_wwn", "iscsi", "loadavg", "local", "nvme", "ohai", "python", "selinux", "ssh_pub_keys");

    static {
        COLLECTORS.put("platform", List.of(new PlatformFacts()));
        COLLECTORS.put("distribution", List.of(new DistributionFacts()));
        COLLECTORS.put("lsb", List.of(new LsbFacts()));
        COLLECTORS.put("env", List.of(new EnvFacts()));
        COLLECTORS.put("user", List.of(new UserFacts()));
        COLLECTORS.put("date_time", List.of(new DateTimeFacts()));
        COLLECTORS.put("fips", List.of(new FipsFacts()));
        COLLECTORS.put("service_mgr", List.of(new ServiceMgrFacts()));
        COLLECTORS.put("pkg_mgr", List.of(new PkgMgrFacts()));
        COLLECTORS.put("hardware", List.of(new CpuFacts(), new MemoryFacts(), new MountFacts(), new UptimeFacts()));
        COLLECTORS.put("network", List.of(new NetworkFacts()));
        COLLECTORS.put("virtual", List.of(new VirtualFacts()));
    }

    private GatherSubset() {
    }

    /** The subset names Bollard gathers, for messages. */
    static Set<String> known() {
        Set<String> out = new TreeSet<>(COLLECTORS.keySet());
        out.add("all");
        out.add("min");
        return out;
    }

    /** Every fact any collector may set, without the ansible_ prefix. */
    static Set<String> allNames() {
        Set<String> out = new TreeSet<>();
        COLLECTORS.values().forEach(list -> list.forEach(c -> out.addAll(c.names())));
        return out;
    }

    /**
     * The collectors to run for a subset as written, in run order.
     *
     * @throws IllegalArgumentException naming a subset Bollard cannot gather
     */
    static List<FactCollector> collectors(List<String> subset) {
        Set<String> valid = COLLECTORS.keySet();
        Set<String> add = new LinkedHashSet<>();
        Set<String> exclude = new LinkedHashSet<>();
        Set<String> named = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(List.of("min"));
        all.addAll(subset.isEmpty() ? List.of("all") : subset);
        for (String raw : all) {
            String s = raw.strip();
            boolean not = s.startsWith("!");
            String name = not ? s.substring(1) : s;
            if (name.equals("min")) {
                (not ? exclude : add).addAll(MIN);
            } else if (name.equals("all")) {
                if (not) {
                    exclude.addAll(valid);
                    exclude.removeAll(MIN);
                } else {
                    add.addAll(valid);
                }
            } else if (not) {
                exclude.add(name);
            } else if (valid.contains(name)) {
                add.add(name);
                named.add(name);
            } else if (NOT_GATHERED.contains(name)) {
                throw new IllegalArgumentException("Bollard does not gather the '" + name + "' facts (it gathers: "
                        + String.join(", ", known()) + "; exclude it with '!" + name + "')");
            } else {
                throw new IllegalArgumentException("unknown gather_subset '" + name + "' (known: " + String.join(", ", known()) + ")");
            }
        }
        if (add.isEmpty()) add.addAll(valid);
        Set<String> dropped = new LinkedHashSet<>(exclude);
        dropped.removeAll(named);
        add.removeAll(dropped);
        for (String s : List.copyOf(add)) add.addAll(REQUIRES.getOrDefault(s, List.of()));
        List<FactCollector> out = new ArrayList<>();
        COLLECTORS.forEach((name, collectors) -> {
            if (add.contains(name)) out.addAll(collectors);
        });
        return out;
    }
}
