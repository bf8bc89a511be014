package dev.bollard.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code version} test: Ansible's loose (default), strict and semver comparisons. */
final class Versions {
    private static final Pattern LOOSE_PART = Pattern.compile("\\d+|[a-z]+|\\.");
    private static final Pattern STRICT = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:([ab])(\\d+))?");
    private static final String SEMVER_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-(" + SEMVER_ID + "(?:\\." + SEMVER_ID + ")*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?");

    private static final Pattern PEP440 = Pattern.compile("v?(?:(?<epoch>\\d+)!)?(?<release>\\d+(?:\\.\\d+)*)"
            + "(?<pre>[-_.]?(?<letter>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pren>\\d+)?)?"
            + "(?<post>-(?<postn1>\\d+)|[-_.]?(?:post|rev|r)[-_.]?(?<postn2>\\d+)?)?"
            + "(?<dev>[-_.]?dev[-_.]?(?<devn>\\d+)?)?(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?", Pattern.CASE_INSENSITIVE);
    private static final BigInteger BELOW = BigInteger.valueOf(-1);
    private static final BigInteger ABOVE = BigInteger.valueOf(Long.MAX_VALUE);

    private Versions() {
    }

    static boolean test(String left, String right, String op, boolean strict, String type) {
        if (left.isEmpty()) throw new IllegalArgumentException("version: the value to compare is empty");
        if (right.isEmpty()) throw new IllegalArgumentException("version: the version to compare against is empty");
        String kind = strict ? "strict" : type == null ? "loose" : type;
        int c = switch (kind) {
            case "loose" -> compareLoose(left, right);
            case "strict" -> compareLists(strict(left), strict(right));
            case "semver", "semantic" -> compareSemver(left, right);
            case "pep440" -> compareLists(pep440(left), pep440(right));
            default -> throw new IllegalArgumentException("version: version_type must be loose, strict, semver, semantic or pep440, not '" + kind + "'");
        };
        return switch (op) {
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "==", "=", "eq" -> c == 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> throw new IllegalArgumentException("version: unknown operator '" + op + "' (use one of <, <=, >, >=, ==, !=, lt, le, gt, ge, eq, ne)");
        };
    }

    /** Python's LooseVersion: runs of digits are numbers, anything else text; a number against text cannot be compared. */
    static int compareLoose(String a, String b) {
        List<Object> x = loose(a);
        List<Object> y = loose(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            if (p instanceof BigInteger m && q instanceof BigInteger n) {
                if (m.compareTo(n) != 0) return m.compareTo(n);
            } else if (p instanceof String s && q instanceof String t) {
                if (s.compareTo(t) != 0) return s.compareTo(t);
            } else {
                Object word = p instanceof String ? p : q;
                Object number = p instanceof String ? q : p;
                throw new IllegalArgumentException("version: cannot compare '" + a + "' with '" + b + "': '" + word + "' is a word where the other has the number "
                        + number + " (try version_type='semver' or 'strict')");
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<Object> loose(String v) {
        List<Object> out = new ArrayList<>();
        Matcher m = LOOSE_PART.matcher(v);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) out.add(v.substring(last, m.start()));
            if (!m.group().equals(".")) out.add(m.group().matches("\\d+") ? new BigInteger(m.group()) : m.group());
            last = m.end();
        }
        if (last < v.length()) out.add(v.substring(last));
        return out;
    }

    /** Python's StrictVersion: major.minor[.patch][a|bN]; a pre-release sorts before its release. */
    private static List<Object> strict(String v) {
        Matcher m = STRICT.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("version: invalid version number '" + v + "' for a strict comparison");
        List<Object> out = new ArrayList<>(List.of(new BigInteger(m.group(1)), new BigInteger(m.group(2)),
                new BigInteger(m.group(3) == null ? "0" : m.group(3))));
        // no pre-release ranks above any: "c" sorts after "a" and "b"
        out.add(m.group(4) == null ? "c" : m.group(4));
        out.add(m.group(5) == null ? BigInteger.ZERO : new BigInteger(m.group(5)));
        return out;
    }

    /**
     * PEP 440, as Python's packaging orders it: epoch, release (trailing zeros ignored), then
     * a dev release before its pre-releases (a, b, rc), those before the release, post releases after.
     * A local part (+ubuntu1) sorts after the plain version.
     */
    private static List<Object> pep440(String v) {
        Matcher m = PEP440.matcher(v.strip());
        if (!m.matches()) throw new IllegalArgumentException("version: invalid PEP 440 version '" + v + "'");
        List<Object> key = new ArrayList<>();
        key.add(number(m.group("epoch"), BigInteger.ZERO));
        List<BigInteger> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) release.add(new BigInteger(part));
        while (release.size() > 1 && release.get(release.size() - 1).signum() == 0) release.remove(release.size() - 1);
        StringBuilder padded = new StringBuilder();
        // the release as one comparable text: each number in fixed width
        for (BigInteger part : release) padded.append(String.format("%030d.", part));
        key.add(padded.toString());
        boolean pre = m.group("pre") != null;
        boolean post = m.group("post") != null;
        boolean dev = m.group("dev") != null;
        String letter = !pre ? null : switch (m.group("letter").toLowerCase(java.util.Locale.ROOT)) {
            case "alpha", "a" -> "a";
            case "beta", "b" -> "b";
            default -> "rc";
        };
        // no pre-release: below everything if only a dev release, else above every pre-release
        key.add(pre ? letter : dev && !post ? "" : "~");
        key.add(number(pre ? m.group("pren") : null, BigInteger.ZERO));
        key.add(post ? number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2"), BigInteger.ZERO) : BELOW);
        key.add(dev ? number(m.group("devn"), BigInteger.ZERO) : ABOVE);
        // a local version sorts after the same version without one (its own parts compared as text)
        key.add(m.group("local") == null ? "" : "+" + m.group("local").toLowerCase(java.util.Locale.ROOT));
        return key;
    }

    private static BigInteger number(String digits, BigInteger fallback) {
        return digits == null ? fallback : new BigInteger(digits);
    }

    private static int compareLists(List<Object> x, List<Object> y) {
        for (int i = 0; i < x.size(); i++) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            int c = ((Comparable) x.get(i)).compareTo(y.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    /** Semantic Versioning 2.0: build metadata ignored, a pre-release below its release, numeric identifiers below words. */
    private static int compareSemver(String a, String b) {
        Matcher x = semver(a);
        Matcher y = semver(b);
        for (int g = 1; g <= 3; g++) {
            int c = new BigInteger(x.group(g)).compareTo(new BigInteger(y.group(g)));
            if (c != 0) return c;
        }
        String p = x.group(4);
        String q = y.group(4);
        if (p == null || q == null) return p == null ? (q == null ? 0 : 1) : -1;
        String[] s = p.split("\\.");
        String[] t = q.split("\\.");
        for (int i = 0; i < Math.min(s.length, t.length); i++) {
            boolean sn = s[i].matches("\\d+");
            boolean tn = t[i].matches("\\d+");
            int c = sn && tn ? new BigInteger(s[i]).compareTo(new BigInteger(t[i])) : sn != tn ? (sn ? -1 : 1) : s[i].compareTo(t[i]);
            if (c != 0) return c;
        }
        return Integer.compare(s.length, t.length);
    }

    private static Matcher semver(String v) {
        Matcher m = SEMVER.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("version: invalid semantic version '" + v + "'");
        return m;
    }
}
