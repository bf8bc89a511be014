package dev.bollard.modules.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LVM size as a playbook writes it: an amount with a unit ({@code 20G}, {@code 512m}, {@code 1.5t};
 * units are binary and case does not matter, as for {@code lvcreate -L}; no unit means MiB) or a
 * percentage of the VG, its PVs or its free space ({@code 80%VG}, {@code 100%FREE}).
 */
public record SizeSpec(String text, long bytes, int percent, String of) {
    private static final Pattern ABSOLUTE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bskmgtpe]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d+)%(FREE|VG|PVS)", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "bskmgtpe";

    /** Parses a size; the message of the exception says what is wrong, the caller names the key. */
    public static SizeSpec parse(String raw) {
        String s = raw == null ? "" : raw.trim();
        Matcher p = PERCENT.matcher(s);
        if (p.matches()) {
            int pct = Integer.parseInt(p.group(1));
            if (pct < 1 || pct > 100) throw new IllegalArgumentException("a percentage must be between 1 and 100, not " + s);
            String of = p.group(2).toUpperCase(Locale.ROOT);
            return new SizeSpec(pct + "%" + of, 0, pct, of);
        }
        Matcher a = ABSOLUTE.matcher(s);
        if (!a.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size such as 20G, 512M, 100%FREE or 80%VG");
        }
        String unit = a.group(2).isEmpty() ? "m" : a.group(2).toLowerCase(Locale.ROOT);
        BigDecimal amount = new BigDecimal(a.group(1));
        BigDecimal exact = amount.multiply(BigDecimal.valueOf(multiplier(unit)));
        if (exact.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) throw new IllegalArgumentException("'" + s + "' is too large");
        long bytes = exact.setScale(0, RoundingMode.CEILING).longValueExact();
        if (bytes <= 0) throw new IllegalArgumentException("a size must be larger than 0, not " + s);
        return new SizeSpec(amount.toPlainString() + unit.toUpperCase(Locale.ROOT), bytes, 0, null);
    }

    private static long multiplier(String unit) {
        if (unit.equals("b")) return 1;
        if (unit.equals("s")) return 512;
        return 1L << (10 * (UNITS.indexOf(unit) - 1));
    }

    public boolean isPercent() {
        return of != null;
    }

    /** The lvcreate/lvextend option and value: {@code -L 20G} or {@code -l 80%VG}. */
    public String lvmOption() {
        return (isPercent() ? "-l " : "-L ") + text;
    }

    /**
     * The size an LV created with this spec gets: absolute sizes round up to whole extents (as
     * lvcreate does), percentages round down.
     */
    public long resolve(long vgSize, long vgFree, long extent) {
        if (!isPercent()) return roundUp(bytes, extent);
        long whole = of.equals("FREE") ? vgFree : vgSize;
        long wanted = BigDecimal.valueOf(whole).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValue();
        return wanted - wanted % extent;
    }

    static long roundUp(long bytes, long extent) {
        long r = bytes % extent;
        return r == 0 ? bytes : bytes + extent - r;
    }

    /** Bytes for people, exact where possible: {@code 20 GiB}, {@code 10236 MiB}; else two decimals ({@code 1.33 GiB}). */
    public static String human(long bytes) {
        String[] names = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int top = 0;
        while (top < names.length - 1 && bytes >= 1L << (10 * (top + 1))) top++;
        for (int i = top; i > 0; i--) {
            long unit = 1L << (10 * i);
            if (bytes % unit == 0) return bytes / unit + " " + names[i];
            if (top - i >= 1) break;
        }
        if (top == 0) return bytes + " B";
        return String.format(Locale.ROOT, "%.2f %s", bytes / (double) (1L << (10 * top)), names[top]);
    }

    @Override
    public String toString() {
        return text;
    }
}
