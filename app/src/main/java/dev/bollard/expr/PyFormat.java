package dev.bollard.expr;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's printf-style formatting: {@code '%s:%05.1f' % (a, b)} and the {@code format} filter. */
final class PyFormat {
    private static final Pattern SPEC = Pattern.compile("%(?:\\(([^)]*)\\))?([-+ 0#]*)(\\d+)?(?:\\.(\\d+))?([sradiufFeEgGxXoc%])");

    private PyFormat() {
    }

    /** {@code fmt % args}: a list gives one value per conversion (Jinjava has no tuples), a dictionary fills {@code %(name)s}. */
    static String percent(String fmt, Object args) {
        Object plain = JinjaValues.out(args);
        Matcher m = SPEC.matcher(fmt);
        int conversions = 0;
        while (m.find()) {
            if (!m.group(5).equals("%")) conversions++;
        }
        List<?> values;
        if (plain instanceof List<?> l && (conversions != 1 || l.size() == 1)) values = l;
        else values = java.util.Collections.singletonList(plain);
        return format(fmt, values, plain instanceof Map<?, ?> map ? map : null);
    }

    static String format(String fmt, List<?> values, Map<?, ?> named) {
        Matcher m = SPEC.matcher(fmt);
        StringBuilder sb = new StringBuilder();
        int next = 0;
        int last = 0;
        while (m.find()) {
            sb.append(fmt, last, m.start());
            last = m.end();
            char type = m.group(5).charAt(0);
            if (type == '%') {
                sb.append('%');
                continue;
            }
            Object v;
            if (m.group(1) != null) {
                if (named == null) throw new IllegalArgumentException("format requires a mapping for '%(" + m.group(1) + ")'");
                v = named.get(m.group(1));
            } else {
                if (next >= values.size()) throw new IllegalArgumentException("not enough arguments for format string '" + fmt + "'");
                v = values.get(next++);
            }
            sb.append(one(v, m.group(2), m.group(3), m.group(4), type));
        }
        if (named == null && next < values.size()) throw new IllegalArgumentException("not all arguments converted during string formatting");
        return sb.append(fmt.substring(last)).toString();
    }

    private static String one(Object v, String flags, String width, String precision, char type) {
        String body = switch (type) {
            case 's' -> precision == null ? Py.str(v) : cut(Py.str(v), precision);
            case 'r', 'a' -> precision == null ? Py.repr(v) : cut(Py.repr(v), precision);
            case 'c' -> v instanceof Number n ? new String(Character.toChars(n.intValue())) : Py.str(v);
            case 'd', 'i', 'u' -> sign(flags, String.valueOf(integer(v)));
            case 'x', 'X', 'o' -> {
                long n = integer(v);
                String digits = Long.toString(Math.abs(n), type == 'o' ? 8 : 16);
                if (flags.contains("#")) digits = (type == 'o' ? "0o" : "0x") + digits;
                if (type == 'X') digits = digits.toUpperCase(Locale.ROOT);
                yield sign(flags, (n < 0 ? "-" : "") + digits);
            }
            default -> sign(flags, real(number(v), type, precision == null ? 6 : Integer.parseInt(precision), flags.contains("#")));
        };
        int w = width == null ? 0 : Integer.parseInt(width);
        if (body.length() >= w) return body;
        if (flags.contains("-")) return body + " ".repeat(w - body.length());
        if (flags.contains("0") && "diuxXofFeEgG".indexOf(type) >= 0) {
            int signLength = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
            return body.substring(0, signLength) + "0".repeat(w - body.length()) + body.substring(signLength);
        }
        return " ".repeat(w - body.length()) + body;
    }

    private static String cut(String s, String precision) {
        int p = Integer.parseInt(precision);
        return s.length() > p ? s.substring(0, p) : s;
    }

    private static String sign(String flags, String s) {
        if (s.startsWith("-")) return s;
        if (flags.contains("+")) return "+" + s;
        if (flags.contains(" ")) return " " + s;
        return s;
    }

    private static long integer(Object v) {
        Object p = JinjaValues.out(v);
        if (p instanceof Boolean b) return b ? 1 : 0;
        if (p instanceof Number n) return n.longValue();
        throw new IllegalArgumentException("%d format: a number is required, not " + Py.typeName(p));
    }

    private static double number(Object v) {
        Object p = JinjaValues.out(v);
        if (p instanceof Boolean b) return b ? 1 : 0;
        if (p instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("must be real number, not " + Py.typeName(p));
    }

    /** {@code %f}, {@code %e} and {@code %g} as Python writes them. */
    static String real(double d, char type, int precision, boolean alternate) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        char lower = Character.toLowerCase(type);
        String out;
        if (lower == 'f') out = new BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
        else if (lower == 'e') out = exponent(d, precision);
        else {
            int p = precision == 0 ? 1 : precision;
            String e = exponent(d, p - 1);
            int exp = Integer.parseInt(e.substring(e.indexOf('e') + 1));
            out = exp >= -4 && exp < p ? new BigDecimal(d).setScale(p - 1 - exp, java.math.RoundingMode.HALF_EVEN).toPlainString() : e;
            if (!alternate) out = stripZeros(out);
        }
        return Character.isUpperCase(type) ? out.toUpperCase(Locale.ROOT) : out;
    }

    private static String exponent(double d, int precision) {
        String s = String.format(Locale.ROOT, "%." + precision + "e", d);
        return s;
    }

    private static String stripZeros(String s) {
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + exp;
    }
}
