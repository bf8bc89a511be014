package dev.bollard.modules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * processor, processor_count, processor_cores, processor_threads_per_core, processor_vcpus and
 * processor_nproc from {@code /proc/cpuinfo}, counted exactly as Ansible counts them (sockets by
 * physical id, cores from the first socket's "cpu cores", threads from "siblings"), quirks kept
 * so that the numbers agree with Ansible's on the same host.
 */
final class CpuFacts implements FactCollector {
    private static final List<String> PROCESSOR_KEYS = List.of("model name", "Processor", "vendor_id", "cpu", "Vendor", "processor");

    @Override
    public List<String> names() {
        return List.of("processor", "processor_count", "processor_cores", "processor_threads_per_core",
                "processor_vcpus", "processor_nproc");
    }

    @Override
    public void ask(FactScript script) {
        script.file("cpuinfo", "/proc/cpuinfo");
        // the CPUs this user's processes may run on, what nproc counts
        script.file("self_status", "/proc/self/status");
        script.file("hypervisor", "/sys/hypervisor/type");
        script.exists("/proc/xen");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        List<String> lines = answers.lines("cpuinfo");
        if (lines.isEmpty()) return;
        List<String> hv = answers.lines("hypervisor");
        boolean xen = answers.exists("/proc/xen") || !hv.isEmpty() && hv.get(0).strip().equals("xen");
        boolean paravirt = false;
        List<String> processor = new ArrayList<>();
        int i = 0;
        int vendors = 0;
        int models = 0;
        int processors = 0;
        // keys start as the number 0 and become the strings read, as in Ansible's dictionaries
        Object physid = 0;
        Object coreid = 0;
        Map<Object, Integer> sockets = new LinkedHashMap<>();
        Map<Object, Integer> cores = new LinkedHashMap<>();
        Integer declaredCores = null;
        for (String line : lines) {
            String[] kv = line.split(":", 2);
            String key = kv[0].strip();
            String val = kv.length > 1 ? kv[1].strip() : "";
            if (xen && key.equals("flags") && !val.contains("vme")) paravirt = true;
            if (PROCESSOR_KEYS.contains(key)) {
                processor.add(val);
                if (key.equals("vendor_id")) vendors++;
                if (key.equals("model name")) models++;
                if (key.equals("processor")) processors++;
                i++;
            } else if (key.equals("physical id")) {
                physid = val;
                sockets.putIfAbsent(physid, 1);
            } else if (key.equals("core id")) {
                coreid = val;
                // Ansible looks the core up among the sockets here; kept so the counts agree
                if (!sockets.containsKey(coreid)) cores.put(coreid, 1);
            } else if (key.equals("cpu cores")) {
                sockets.put(physid, Integer.parseInt(val));
            } else if (key.equals("siblings")) {
                cores.put(coreid, Integer.parseInt(val));
            } else if (key.equals("# processors")) {
                declaredCores = Integer.parseInt(val);
            } else if (key.equals("ncpus active")) {
                i = Integer.parseInt(val);
            }
        }
        facts.put("processor", processor);
        if (declaredCores != null) facts.put("processor_cores", declaredCores);
        if (vendors > 0 && vendors == models) i = vendors;
        String arch = String.valueOf(facts.getOrDefault("architecture", ""));
        if (arch.startsWith("armv") || arch.startsWith("aarch") || arch.startsWith("ppc")) i = processors;
        if (arch.equals("s390x")) return;
        if (paravirt) {
            facts.put("processor_count", i);
            facts.put("processor_cores", i);
            facts.put("processor_threads_per_core", 1);
            facts.put("processor_vcpus", i);
            return;
        }
        int count = sockets.isEmpty() ? i : sockets.size();
        Integer first = sockets.isEmpty() ? null : sockets.values().iterator().next();
        int perSocket = first != null && first != 0 ? first : 1;
        int threads = cores.isEmpty() ? 1 / perSocket : cores.values().iterator().next() / perSocket;
        facts.put("processor_count", count);
        facts.put("processor_cores", perSocket);
        facts.put("processor_threads_per_core", threads);
        facts.put("processor_vcpus", threads * count * perSocket);
        Integer allowed = allowedCpus(answers.lines("self_status"));
        facts.put("processor_nproc", allowed != null ? allowed : processors);
    }

    /** The number of CPUs in a {@code Cpus_allowed_list:} line such as {@code 0-3,8}. */
    static Integer allowedCpus(List<String> status) {
        for (String line : status) {
            if (!line.startsWith("Cpus_allowed_list:")) continue;
            int n = 0;
            for (String range : line.substring(line.indexOf(':') + 1).strip().split(",")) {
                String[] ends = range.split("-");
                if (!ends[0].matches("\\d+")) return null;
                n += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return n;
        }
        return null;
    }
}
