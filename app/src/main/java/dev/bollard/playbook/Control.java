package dev.bollard.playbook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A control a task proves, such as {@code cis-2.2} (a recommendation of the CIS Docker Benchmark)
 * or {@code seed-001} (a seed's own check): written as a tag {@code <scheme>-<id>} whose id starts
 * with a digit, or as the {@code control} key of a loop item. Any other tag is an ordinary tag.
 * Controls order by scheme, then by id read number by number, so 1.1.2 comes before 1.1.10.
 */
public record Control(String scheme, String id) implements Comparable<Control> {
    /** The scheme is the shortest prefix before a dash and a digit: {@code docker-bench-1.2} is scheme docker-bench, id 1.2. */
    private static final Pattern FORM = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*?)-([0-9][A-Za-z0-9._-]*)");
    /** The loop item key that names the controls of that item only. */
    public static final String ITEM_KEY = "control";

    /** The control a tag names, or empty for an ordinary tag. */
    public static Optional<Control> parse(String tag) {
        Matcher m = FORM.matcher(tag == null ? "" : tag);
        return m.matches() ? Optional.of(new Control(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The controls among a task's tags, in order. */
    public static List<Control> ofTags(Collection<String> tags) {
        TreeSet<Control> out = new TreeSet<>();
        for (String t : tags) parse(t).ifPresent(out::add);
        return List.copyOf(out);
    }

    /**
     * The controls a loop item names under {@code control}: one name or a list of them; none
     * when the item is not a mapping or has no such key.
     *
     * @throws IllegalArgumentException when the key holds something that is not a control name
     */
    public static List<Control> ofItem(Object item) {
        if (!(item instanceof Map<?, ?> m) || !m.containsKey(ITEM_KEY)) return List.of();
        Object v = m.get(ITEM_KEY);
        List<Object> names = v instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(java.util.Collections.singletonList(v));
        TreeSet<Control> out = new TreeSet<>();
        for (Object name : names) {
            if (!(name instanceof String s)) {
                throw new IllegalArgumentException(ITEM_KEY + ": " + name + " is not a control name: write <scheme>-<id>, such as cis-1.1.3, or a list of them");
            }
            out.add(parse(s).orElseThrow(() -> new IllegalArgumentException(ITEM_KEY + ": '" + s
                    + "' is not a control name: write <scheme>-<id> with an id that starts with a digit, such as cis-1.1.3 or seed-001")));
        }
        return List.copyOf(out);
    }

    /** As written in a tag: {@code cis-2.2}. */
    public String name() {
        return scheme + "-" + id;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public int compareTo(Control o) {
        int c = scheme.compareTo(o.scheme);
        return c != 0 ? c : compareIds(id, o.id);
    }

    /** Ids compared part by part (split at dots and dashes): numbers as numbers, the rest as text. */
    static int compareIds(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = comparePart(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.length != y.length ? Integer.compare(x.length, y.length) : a.compareTo(b);
    }

    private static int comparePart(String a, String b) {
        String da = leadingDigits(a);
        String db = leadingDigits(b);
        if (!da.isEmpty() && !db.isEmpty()) {
            // long digit runs compared by length first, so no number is too big to read
            String na = da.replaceFirst("^0+(?=.)", "");
            String nb = db.replaceFirst("^0+(?=.)", "");
            int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
            if (c != 0) return c;
            return a.substring(da.length()).compareTo(b.substring(db.length()));
        }
        return a.compareTo(b);
    }

    private static String leadingDigits(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        return s.substring(0, i);
    }
}
