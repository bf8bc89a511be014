package dev.bollard.playbook;

import java.util.ArrayList;
import java.util.List;

/**
 * How a play goes through its hosts: {@code serial} batches (a number, a percentage, or a list of
 * them), and when a failure stops the play for everyone ({@code any_errors_fatal},
 * {@code max_fail_percentage}).
 */
public record PlayControl(List<Object> serial, boolean anyErrorsFatal, Double maxFailPercentage) {
    public static final PlayControl DEFAULT = new PlayControl(List.of(), false, null);

    /** The hosts split into batches as {@code serial} says; one batch of all when it says nothing. */
    public <H> List<List<H>> batches(List<H> hosts) {
        List<List<H>> out = new ArrayList<>();
        if (serial.isEmpty()) {
            out.add(hosts);
            return out;
        }
        int i = 0;
        int step = 0;
        while (i < hosts.size()) {
            int size = size(serial.get(Math.min(step, serial.size() - 1)), hosts.size());
            out.add(hosts.subList(i, Math.min(hosts.size(), i + size)));
            i += size;
            step++;
        }
        return out;
    }

    private static int size(Object spec, int total) {
        String s = String.valueOf(spec).strip();
        if (s.endsWith("%")) {
            double pct = Double.parseDouble(s.substring(0, s.length() - 1));
            return Math.max(1, (int) (total * pct / 100));
        }
        return Math.max(1, Integer.parseInt(s));
    }

    /** Checks the values when the playbook is read. */
    static PlayControl of(Object serial, Boolean anyErrorsFatal, Object maxFail, Location where) throws PlaybookException {
        List<Object> batches = new ArrayList<>();
        if (serial instanceof List<?> l) batches.addAll(l);
        else if (serial != null) batches.add(serial);
        for (Object b : batches) {
            String s = String.valueOf(b).strip();
            if (!s.matches("\\d+%?") || s.matches("0+%?")) throw new PlaybookException(where, "serial must be a number of hosts, a percentage or a list of them, not '" + b + "'");
        }
        Double pct = null;
        if (maxFail != null) {
            try {
                pct = Double.parseDouble(String.valueOf(maxFail).replace("%", "").strip());
            } catch (NumberFormatException e) {
                throw new PlaybookException(where, "max_fail_percentage must be a number, not '" + maxFail + "'");
            }
        }
        return new PlayControl(batches, anyErrorsFatal != null && anyErrorsFatal, pct);
    }
}
