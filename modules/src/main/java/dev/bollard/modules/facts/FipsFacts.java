package dev.bollard.modules.facts;

import java.util.List;
import java.util.Map;

/** fips: whether the kernel runs in FIPS mode. */
final class FipsFacts implements FactCollector {

    @Override
    public List<String> names() {
        return List.of("fips");
    }

    @Override
    public void ask(FactScript script) {
        script.file("fips", "/proc/sys/crypto/fips_enabled");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        facts.put("fips", answers.stripped("fips").equals("1"));
    }
}
