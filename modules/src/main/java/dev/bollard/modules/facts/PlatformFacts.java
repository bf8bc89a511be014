package dev.bollard.modules.facts;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * system, kernel, kernel_version, machine, architecture, userspace_bits, nodename, hostname,
 * fqdn, domain and machine_id, as Python's platform and socket modules give them to Ansible.
 */
final class PlatformFacts implements FactCollector {
    private static final Pattern I86 = Pattern.compile("i([3456]86|86pc)");

    @Override
    public List<String> names() {
        return List.of("system", "kernel", "kernel_version", "machine", "architecture", "userspace_bits",
                "userspace_architecture", "nodename", "hostname", "fqdn", "domain", "machine_id");
    }

    @Override
    public void ask(FactScript script) {
        // what uname -s, -r, -v and -n print, without a process each
        script.file("ostype", "/proc/sys/kernel/ostype");
        script.file("osrelease", "/proc/sys/kernel/osrelease");
        script.file("osversion", "/proc/sys/kernel/version");
        script.file("nodename", "/proc/sys/kernel/hostname");
        script.add("arch", "uname -m; getconf LONG_BIT");
        // Python's getfqdn: the host name's first address, then that address's name and aliases
        script.add("fqdn", "read -r h < /proc/sys/kernel/hostname\n"
                + "getent ahosts \"$h\" | { read -r a _; [ -n \"$a\" ] && getent hosts \"$a\"; }");
        script.file("dbus_machine_id", "/var/lib/dbus/machine-id");
        script.file("machine_id", "/etc/machine-id");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        List<String> arch = answers.lines("arch");
        if (arch.isEmpty() || answers.stripped("ostype").isEmpty()) return;
        String machine = arch.get(0).strip();
        String node = answers.stripped("nodename");
        facts.put("system", answers.stripped("ostype"));
        facts.put("kernel", answers.stripped("osrelease"));
        facts.put("kernel_version", answers.stripped("osversion"));
        facts.put("machine", machine);
        facts.put("nodename", node);
        facts.put("hostname", node.split("\\.", -1)[0]);
        List<String> entry = answers.lines("fqdn");
        String fqdn = fqdn(entry.isEmpty() ? "" : entry.get(0), node);
        facts.put("fqdn", fqdn);
        int dot = fqdn.indexOf('.');
        facts.put("domain", dot < 0 ? "" : fqdn.substring(dot + 1));
        String bits = arch.size() > 1 ? arch.get(1).strip() : "";
        if (!bits.isEmpty()) facts.put("userspace_bits", bits);
        if (machine.equals("x86_64") || I86.matcher(machine).find()) {
            facts.put("architecture", machine.equals("x86_64") ? machine : "i386");
            if (bits.equals("64")) facts.put("userspace_architecture", "x86_64");
            else if (bits.equals("32")) facts.put("userspace_architecture", "i386");
        } else {
            facts.put("architecture", machine);
        }
        List<String> id = answers.lines("dbus_machine_id");
        if (id.isEmpty() || id.get(0).isBlank()) id = answers.lines("machine_id");
        if (!id.isEmpty() && !id.get(0).isBlank()) facts.put("machine_id", id.get(0));
    }

    /** The first dotted name of the address's entry ({@code IP canonical aliases...}), else its canonical name. */
    static String fqdn(String hostsEntry, String node) {
        String[] words = hostsEntry.split("\\s+");
        if (hostsEntry.isBlank() || words.length < 2) return node;
        for (int i = 1; i < words.length; i++) {
            if (words[i].contains(".")) return words[i];
        }
        return words[1];
    }
}
