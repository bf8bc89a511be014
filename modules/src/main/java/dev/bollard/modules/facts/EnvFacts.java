package dev.bollard.modules.facts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** env: the environment the facts were read in (the SSH login's, or sudo's under become). */
final class EnvFacts implements FactCollector {

    @Override
    public List<String> names() {
        return List.of("env");
    }

    @Override
    public void ask(FactScript script) {
        // the environment this shell was started with, NUL-separated so values may hold new lines
        script.add("environ", "cat /proc/$$/environ || env -0");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (String entry : new String(answers.bytes("environ"), StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        facts.put("env", env);
    }
}
