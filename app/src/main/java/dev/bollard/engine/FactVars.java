package dev.bollard.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a host's facts become variables, as Ansible makes them: all of them under
 * {@code ansible_facts} without their {@code ansible_} prefix ({@code ansible_facts.distribution}),
 * and each one also as a variable of its own, named as the module returned it
 * ({@code ansible_distribution}, {@code packages}). A fact never stands in for a connection variable.
 */
final class FactVars {
    private static final Pattern CONNECTION = Pattern.compile(
            "ansible_(host|port|user|password|connection|ssh_.*|become.*|.*_interpreter)");

    private FactVars() {
    }

    /** {@code namespaced}: what {@link #namespaced} made of {@code hostFacts}. */
    static void addTo(Map<String, Object> vars, Map<String, Object> hostFacts, Map<String, Object> namespaced) {
        vars.put("ansible_facts", namespaced);
        hostFacts.forEach((k, v) -> {
            if (!CONNECTION.matcher(k).matches()) vars.put(k, v);
        });
    }

    static Map<String, Object> namespaced(Map<String, Object> hostFacts) {
        Map<String, Object> out = new LinkedHashMap<>();
        hostFacts.forEach((k, v) -> out.put(k.startsWith("ansible_") && !k.equals("ansible_local") ? k.substring(8) : k, v));
        return out;
    }
}
