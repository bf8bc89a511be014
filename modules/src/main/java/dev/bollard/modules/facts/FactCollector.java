package dev.bollard.modules.facts;

import java.util.List;
import java.util.Map;

/**
 * One of Ansible's fact collectors redone for a host without Python: the reads it adds to the
 * one fact script, and how it turns their output into facts (names without the {@code ansible_}
 * prefix; {@code facts} already holds what earlier collectors found).
 */
interface FactCollector {

    /** The facts it may set. */
    List<String> names();

    void ask(FactScript script);

    void collect(Sections answers, Map<String, Object> facts);
}
