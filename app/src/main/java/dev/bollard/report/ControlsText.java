package dev.bollard.report;

import dev.bollard.report.ControlsReport.Line;
import dev.bollard.report.ControlsReport.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's controls as text: a block per scheme (known schemes first, under their title), a
 * line per control with its status, the tasks naming it and why, and a count. Each line carries
 * the verdict it shows, so the reporter can colour it.
 */
final class ControlsText {
    /** The schemes with a title, in the order they are shown; any other scheme is shown under its name, after these. */
    static final Map<String, String> TITLES = titles();

    /** One printed line, and the verdict whose colour it takes (null: plain). */
    record Painted(String text, Verdict tone) {
    }

    private ControlsText() {
    }

    private static Map<String, String> titles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cis", "CIS Docker Benchmark v1.6.0");
        m.put("seed", "seed checks (Contrôle)");
        return java.util.Collections.unmodifiableMap(m);
    }

    static List<Painted> host(List<Line> lines) {
        Map<String, List<Line>> byScheme = new java.util.TreeMap<>((a, b) -> {
            int ra = rank(a);
            int rb = rank(b);
            return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
        });
        for (Line l : lines) byScheme.computeIfAbsent(l.control().scheme(), k -> new ArrayList<>()).add(l);
        int idWidth = lines.stream().mapToInt(l -> l.control().name().length()).max().orElse(0);
        int wordWidth = java.util.Arrays.stream(Verdict.values()).mapToInt(v -> v.word.length()).max().orElse(0);
        List<Painted> out = new ArrayList<>();
        byScheme.forEach((scheme, group) -> {
            if (!out.isEmpty()) out.add(new Painted("", null));
            out.add(new Painted(title(scheme), null));
            Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
            for (Line l : group) {
                counts.merge(l.verdict(), 1, Integer::sum);
                String what = l.about().isEmpty() ? l.detail() : String.join(", ", l.about()) + (l.detail().isEmpty() ? "" : " · " + l.detail());
                out.add(new Painted(String.format("  %-" + wordWidth + "s  %-" + idWidth + "s  %s", l.verdict().word, l.control().name(), what),
                        l.verdict()));
            }
            out.add(new Painted(scheme + ": " + count(counts), worst(counts)));
        });
        return out;
    }

    /** "24 hold, 1 fails, 3 not applicable": every status met, in the order of {@link Verdict}. */
    static String count(Map<Verdict, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> parts.add(n + " " + switch (v) {
            case HOLDS -> n == 1 ? "holds" : "hold";
            case FAILS -> n == 1 ? "fails" : "fail";
            case DRIFTED -> "drifted";
            case NOT_APPLICABLE -> "not applicable";
            case NOT_CHECKED -> "not checked";
        }));
        return String.join(", ", parts);
    }

    private static Verdict worst(Map<Verdict, Integer> counts) {
        for (Verdict v : List.of(Verdict.FAILS, Verdict.DRIFTED, Verdict.NOT_CHECKED, Verdict.HOLDS)) {
            if (counts.containsKey(v)) return v;
        }
        return Verdict.NOT_APPLICABLE;
    }

    /** A scheme's title, or its name when it has none. */
    static String title(String scheme) {
        return TITLES.getOrDefault(scheme.toLowerCase(java.util.Locale.ROOT), scheme);
    }

    /** Where a scheme is shown: the titled ones in their order, then any other. */
    static int rank(String scheme) {
        int i = new ArrayList<>(TITLES.keySet()).indexOf(scheme.toLowerCase(java.util.Locale.ROOT));
        return i < 0 ? TITLES.size() : i;
    }
}
