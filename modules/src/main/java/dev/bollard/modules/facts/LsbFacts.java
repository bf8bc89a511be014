package dev.bollard.modules.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** lsb: what {@code lsb_release -a} says, else {@code /etc/lsb-release}; empty when neither is there. */
final class LsbFacts implements FactCollector {

    @Override
    public List<String> names() {
        return List.of("lsb");
    }

    @Override
    public void ask(FactScript script) {
        script.add("lsb_release", "command -v lsb_release >/dev/null && lsb_release -a");
        script.file("lsb_file", "/etc/lsb-release");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        Map<String, Object> lsb = new LinkedHashMap<>();
        for (String line : answers.lines("lsb_release")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String value = line.substring(colon + 1).strip();
            if (line.contains("LSB Version:") || line.contains("Release:")) lsb.put("release", value);
            else if (line.contains("Distributor ID:")) lsb.put("id", value);
            else if (line.contains("Description:")) lsb.put("description", value);
            else if (line.contains("Codename:")) lsb.put("codename", value);
        }
        if (lsb.isEmpty()) {
            for (String line : answers.lines("lsb_file")) {
                int eq = line.indexOf('=');
                if (eq < 0) continue;
                String value = line.substring(eq + 1).strip();
                if (line.contains("DISTRIB_ID")) lsb.put("id", value);
                else if (line.contains("DISTRIB_RELEASE")) lsb.put("release", value);
                else if (line.contains("DISTRIB_DESCRIPTION")) lsb.put("description", value);
                else if (line.contains("DISTRIB_CODENAME")) lsb.put("codename", value);
            }
        }
        if (lsb.get("release") instanceof String r) lsb.put("major_release", r.split("\\.", -1)[0]);
        lsb.replaceAll((k, v) -> strip(String.valueOf(v)));
        facts.put("lsb", lsb);
    }

    /** Python's strip of quote and backslash characters at both ends. */
    private static String strip(String v) {
        return v.replaceAll("^['\"\\\\]+|['\"\\\\]+$", "");
    }
}
