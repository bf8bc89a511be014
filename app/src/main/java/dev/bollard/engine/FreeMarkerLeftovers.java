package dev.bollard.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code ${name}} left in a playbook value from FreeMarker days. The shell's own
 * {@code ${HOME}} passes through untouched; only a name the playbook defines as a variable is
 * taken for a leftover, so the user is told to write {@code {{ name }}}.
 */
final class FreeMarkerLeftovers {
    private static final Pattern DOLLAR = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");

    private FreeMarkerLeftovers() {
    }

    /** A hint for the first leftover in the value, or null. */
    static String hint(Object value, Set<String> defined) {
        if (value instanceof String s) {
            Matcher m = DOLLAR.matcher(s);
            while (m.find()) {
                if (defined.contains(m.group(1))) {
                    return "'" + m.group() + "' is FreeMarker syntax, which playbooks no longer use: write '{{ " + m.group(1) + m.group(2).strip() + " }}'"
                            + " (a shell variable of the same name would be written $" + m.group(1) + ")";
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            return first(map.values(), defined);
        } else if (value instanceof List<?> list) {
            return first(list, defined);
        }
        return null;
    }

    private static String first(Collection<?> values, Set<String> defined) {
        for (Object v : values) {
            String h = hint(v, defined);
            if (h != null) return h;
        }
        return null;
    }
}
