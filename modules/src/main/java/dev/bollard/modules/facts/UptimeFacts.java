package dev.bollard.modules.facts;

import java.util.List;
import java.util.Map;

/** uptime_seconds from {@code /proc/uptime}, whole seconds. */
final class UptimeFacts implements FactCollector {

    @Override
    public List<String> names() {
        return List.of("uptime_seconds");
    }

    @Override
    public void ask(FactScript script) {
        script.file("uptime", "/proc/uptime");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        String[] f = answers.stripped("uptime").split("\\s+");
        if (f[0].matches("[0-9.]+")) facts.put("uptime_seconds", (long) Double.parseDouble(f[0]));
    }
}
