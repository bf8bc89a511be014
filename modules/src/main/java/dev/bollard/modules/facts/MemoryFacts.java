package dev.bollard.modules.facts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** memtotal_mb, memfree_mb, swaptotal_mb, swapfree_mb and memory_mb from {@code /proc/meminfo}, in whole MiB as Ansible rounds them. */
final class MemoryFacts implements FactCollector {
    private static final Set<String> TOP = Set.of("MemTotal", "SwapTotal", "MemFree", "SwapFree");
    private static final Set<String> ALL = Set.of("MemTotal", "SwapTotal", "MemFree", "SwapFree", "Buffers", "Cached", "SwapCached");

    @Override
    public List<String> names() {
        return List.of("memtotal_mb", "memfree_mb", "swaptotal_mb", "swapfree_mb", "memory_mb");
    }

    @Override
    public void ask(FactScript script) {
        script.file("meminfo", "/proc/meminfo");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        Map<String, Integer> mb = new HashMap<>();
        for (String line : answers.lines("meminfo")) {
            String[] kv = line.split(":", 2);
            if (kv.length < 2 || !ALL.contains(kv[0])) continue;
            int value = (int) (Long.parseLong(kv[1].strip().split(" ")[0]) / 1024);
            mb.put(kv[0], value);
            if (TOP.contains(kv[0])) facts.put(kv[0].toLowerCase(java.util.Locale.ROOT) + "_mb", value);
        }
        if (mb.isEmpty()) return;
        Map<String, Object> real = new LinkedHashMap<>();
        Map<String, Object> nocache = new LinkedHashMap<>();
        Map<String, Object> swap = new LinkedHashMap<>();
        Integer total = mb.get("MemTotal");
        Integer free = mb.get("MemFree");
        putIf(real, "total", total);
        if (total != null && free != null) real.put("used", total - free);
        putIf(real, "free", free);
        if (free != null && mb.containsKey("Cached") && mb.containsKey("Buffers")) {
            int nocacheFree = mb.get("Cached") + free + mb.get("Buffers");
            nocache.put("free", nocacheFree);
            if (total != null) nocache.put("used", total - nocacheFree);
        }
        putIf(swap, "total", mb.get("SwapTotal"));
        putIf(swap, "free", mb.get("SwapFree"));
        if (mb.containsKey("SwapTotal") && mb.containsKey("SwapFree")) swap.put("used", mb.get("SwapTotal") - mb.get("SwapFree"));
        putIf(swap, "cached", mb.get("SwapCached"));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("real", real);
        memory.put("nocache", nocache);
        memory.put("swap", swap);
        facts.put("memory_mb", memory);
    }

    private static void putIf(Map<String, Object> m, String key, Integer value) {
        if (value != null) m.put(key, value);
    }
}
