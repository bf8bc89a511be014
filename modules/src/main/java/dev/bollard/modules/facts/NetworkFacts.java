package dev.bollard.modules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * default_ipv4, all_ipv4_addresses and interfaces, as Ansible finds them with iproute2: the
 * route to 8.8.8.8 names the default interface, address and gateway; {@code ip -4 addr} and
 * {@code /sys/class/net} fill in the rest. Nothing without the {@code ip} command, as in Ansible.
 */
final class NetworkFacts implements FactCollector {
    private static final String PROBE = "8.8.8.8";
    private static final Map<String, String> TYPES = Map.of("1", "ether", "32", "infiniband", "512", "ppp",
            "772", "loopback", "65534", "tunnel");

    @Override
    public List<String> names() {
        return List.of("interfaces", "default_ipv4", "all_ipv4_addresses");
    }

    @Override
    public void ask(FactScript script) {
        script.programs("ip");
        script.add("route4", "ip -4 route get " + PROBE);
        script.add("addr4", "ip -4 addr show");
        // one line per interface, in the folder's own order as Ansible lists them: name|mac|mtu|type|bridge or bonding
        script.add("links", """
                for n in $(ls -U /sys/class/net || ls /sys/class/net); do
                  d=/sys/class/net/$n
                  [ -d "$d" ] || continue
                  a= m= t= k=
                  [ -r "$d/address" ] && read -r a < "$d/address"
                  [ -r "$d/mtu" ] && read -r m < "$d/mtu"
                  [ -r "$d/type" ] && read -r t < "$d/type"
                  [ -e "$d/bridge" ] && k=bridge
                  [ -e "$d/bonding" ] && k=bonding
                  printf '%s|%s|%s|%s|%s\\n' "$n" "$a" "$m" "$t" "$k"
                done""");
    }

    /** One interface as /sys/class/net shows it. */
    record Link(String name, String mac, Integer mtu, String type) {
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        if (!answers.hasProgram("ip")) return;
        List<Link> links = links(answers.lines("links"));
        Map<String, Object> def = defaultRoute(answers.lines("route4"));
        List<String> all = new ArrayList<>();
        Map<String, List<String[]>> inet = inetByDevice(answers.lines("addr4"));
        for (Link link : links) {
            List<String[]> lines = inet.getOrDefault(link.name(), List.of());
            // Ansible asks for the primary addresses, then the secondary ones
            for (boolean secondary : new boolean[] {false, true}) {
                for (String[] w : lines) {
                    if (List.of(w).contains("secondary") != secondary) continue;
                    Ipv4 ip = Ipv4.parse(w);
                    if (ip == null) continue;
                    if (ip.address().equals(def.get("address"))) {
                        def.put("broadcast", ip.broadcast());
                        def.put("netmask", ip.netmask());
                        def.put("network", ip.network());
                        def.put("prefix", ip.prefix());
                        def.put("macaddress", link.mac());
                        if (link.mtu() != null) def.put("mtu", link.mtu());
                        def.put("type", link.type());
                        def.put("alias", w[w.length - 1]);
                    }
                    if (!ip.address().startsWith("127.")) all.add(ip.address());
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Link l : links) names.add(l.name().replace(':', '_'));
        facts.put("interfaces", names);
        facts.put("default_ipv4", def);
        facts.put("all_ipv4_addresses", all);
    }

    /** The interfaces, one {@code name|mac|mtu|type|kind} line each. */
    static List<Link> links(List<String> lines) {
        List<Link> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            if (f.length < 5) continue;
            String type = f[4].isEmpty() ? TYPES.getOrDefault(f[3], "unknown") : f[4];
            out.add(new Link(f[0], f[1], f[2].matches("\\d+") ? Integer.valueOf(f[2]) : null, type));
        }
        return out;
    }

    /** interface, address and gateway from {@code ip -4 route get}'s first line. */
    static Map<String, Object> defaultRoute(List<String> lines) {
        Map<String, Object> def = new LinkedHashMap<>();
        if (lines.isEmpty()) return def;
        String[] words = lines.get(0).strip().split("\\s+");
        if (words.length == 0 || !words[0].equals(PROBE)) return def;
        for (int i = 0; i < words.length - 1; i++) {
            switch (words[i]) {
                case "dev" -> def.put("interface", words[i + 1]);
                case "src" -> def.put("address", words[i + 1]);
                case "via" -> {
                    if (!words[i + 1].equals(PROBE)) def.put("gateway", words[i + 1]);
                }
                default -> {
                }
            }
        }
        return def;
    }

    /** The words of each {@code inet} line of {@code ip -4 addr show}, under its device. */
    static Map<String, List<String[]>> inetByDevice(List<String> lines) {
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        String device = null;
        for (String line : lines) {
            if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                String[] head = line.split(":\\s*", 3);
                device = head.length > 1 ? head[1].split("@")[0] : null;
                continue;
            }
            String[] w = line.strip().split("\\s+");
            if (device != null && w.length > 1 && w[0].equals("inet")) out.computeIfAbsent(device, k -> new ArrayList<>()).add(w);
        }
        return out;
    }

    /** An IPv4 address line: address, broadcast, netmask, network, prefix (a string, as Ansible gives it). */
    record Ipv4(String address, String broadcast, String netmask, String network, String prefix) {
        static Ipv4 parse(String[] w) {
            String address = w[1];
            String prefix = "32";
            int slash = address.indexOf('/');
            String broadcast = "";
            if (slash >= 0) {
                prefix = address.substring(slash + 1);
                address = address.substring(0, slash);
                if (w.length > 3 && w[2].equals("brd")) broadcast = w[3];
            }
            long addr = toLong(address);
            if (addr < 0 || !prefix.matches("\\d+")) return null;
            int bits = Integer.parseInt(prefix);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return new Ipv4(address, broadcast, toDotted(mask), toDotted(addr & mask), prefix);
        }

        private static long toLong(String dotted) {
            String[] p = dotted.split("\\.");
            if (p.length != 4) return -1;
            long v = 0;
            for (String part : p) {
                if (!part.matches("\\d{1,3}")) return -1;
                v = v << 8 | Integer.parseInt(part);
            }
            return v;
        }

        private static String toDotted(long v) {
            return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
        }
    }
}
