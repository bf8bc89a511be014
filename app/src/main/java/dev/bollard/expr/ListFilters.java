package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.filter;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Filters on lists with Jinja2's and Ansible's semantics: Python equality ({@code 1 == 1.0}),
 * first-seen order, {@code unique} ignoring case unless told otherwise, the set filters keeping
 * it, and Python's ordering for {@code sort}, {@code min} and {@code max}.
 */
final class ListFilters {
    private ListFilters() {
    }

    static void register(Context c) {
        c.registerFilter(filter("unique", (v, a) -> {
            Object attribute = a.get(1, "attribute", null);
            return unique(Py.list(v, "unique"), a.bool(0, "case_sensitive", false), attribute == null ? null : Py.str(attribute));
        }));
        c.registerFilter(filter("union", (v, a) -> {
            List<Object> all = new ArrayList<>(Py.list(v, "union"));
            all.addAll(Py.list(a.get(0, null, List.of()), "union"));
            return unique(all, true, null);
        }));
        c.registerFilter(filter("intersect", (v, a) -> {
            Set<Object> other = keys(Py.list(a.get(0, null, List.of()), "intersect"));
            return unique(Py.list(v, "intersect").stream().filter(x -> other.contains(Py.key(x))).toList(), true, null);
        }));
        c.registerFilter(filter("difference", (v, a) -> {
            Set<Object> other = keys(Py.list(a.get(0, null, List.of()), "difference"));
            return unique(Py.list(v, "difference").stream().filter(x -> !other.contains(Py.key(x))).toList(), true, null);
        }));
        c.registerFilter(filter("symmetric_difference", (v, a) -> {
            List<Object> x = Py.list(v, "symmetric_difference");
            List<Object> y = Py.list(a.get(0, null, List.of()), "symmetric_difference");
            Set<Object> both = keys(x);
            both.retainAll(keys(y));
            List<Object> all = new ArrayList<>(x);
            all.addAll(y);
            return unique(all, true, null).stream().filter(e -> !both.contains(Py.key(e))).toList();
        }));
        c.registerFilter(filter("flatten", (v, a) -> {
            Object levels = a.get(0, "levels", null);
            int depth = levels == null || levels instanceof PyNone ? Integer.MAX_VALUE : a.integer(0, "levels", 0);
            return flatten(Py.list(v, "flatten"), depth, a.bool(1, "skip_nulls", true));
        }));
        c.registerFilter(filter("first", (v, a) -> end(v, true)));
        c.registerFilter(filter("last", (v, a) -> end(v, false)));
        c.registerFilter(filter("list", (v, a) -> new ArrayList<>(Py.list(v, "list"))));
        for (String name : List.of("length", "count")) c.registerFilter(filter(name, (v, a) -> length(v)));
        c.registerFilter(filter("sum", (v, a) -> sum(Py.list(v, "sum"), a.string(0, "attribute", null), a.get(1, "start", 0L))));
        c.registerFilter(filter("sort", (v, a) -> {
            List<Object> out = new ArrayList<>(Py.list(v, "sort"));
            out.sort(order(a.bool(1, "case_sensitive", false), a.string(2, "attribute", null)));
            if (a.bool(0, "reverse", false)) java.util.Collections.reverse(out);
            return out;
        }));
        for (String name : List.of("min", "max")) {
            c.registerFilter(filter(name, (v, a) -> {
                List<Object> items = Py.list(v, name);
                if (items.isEmpty()) return new Undefined("No aggregated item, sequence was empty.", null);
                Comparator<Object> by = order(a.bool(0, "case_sensitive", false), a.string(1, "attribute", null));
                return name.equals("min") ? items.stream().min(by).orElseThrow() : items.stream().max(by).orElseThrow();
            }));
        }
        c.registerFilter(filter("round", (v, a) -> round(v, a.integer(0, "precision", 0), a.string(1, "method", "common"))));
        withoutTestMeansTruth(c, "select", true);
        withoutTestMeansTruth(c, "reject", false);
        mapWithDefault(c);
    }

    /** Jinja2's unique: the first of equal items, strings compared without case unless asked. */
    static List<Object> unique(List<?> items, boolean caseSensitive, String attribute) {
        Map<Object, Object> seen = new LinkedHashMap<>();
        for (Object item : items) {
            Object key = Py.key(attribute == null ? item : Py.attribute(item, attribute));
            if (!caseSensitive && key instanceof String s) key = s.toLowerCase(Locale.ROOT);
            seen.putIfAbsent(key, item);
        }
        return new ArrayList<>(seen.values());
    }

    private static Set<Object> keys(List<?> items) {
        Set<Object> out = new LinkedHashSet<>();
        for (Object o : items) out.add(Py.key(o));
        return out;
    }

    /** Ansible's flatten: nested lists opened up to {@code levels} deep, None and 'None' dropped. */
    private static List<Object> flatten(List<?> list, int levels, boolean skipNulls) {
        List<Object> out = new ArrayList<>();
        for (Object o : list) {
            Object plain = o instanceof PyNone ? null : o;
            if (skipNulls && (plain == null || "None".equals(plain) || "null".equals(plain))) continue;
            if (plain instanceof List<?> inner && levels > 0) out.addAll(flatten(inner, levels - 1, skipNulls));
            else out.add(plain);
        }
        return out;
    }

    private static Object end(Object v, boolean first) {
        List<Object> items = Py.list(v, first ? "first" : "last");
        if (items.isEmpty()) return new Undefined("No " + (first ? "first" : "last") + " item, sequence was empty.", null);
        return items.get(first ? 0 : items.size() - 1);
    }

    /** Python's len(): characters of text, items of a list or dictionary; None and numbers have none. */
    private static long length(Object v) {
        Object p = JinjaValues.out(v);
        if (p instanceof String s) return s.codePointCount(0, s.length());
        if (p instanceof java.util.Collection<?> c) return c.size();
        if (p instanceof Map<?, ?> m) return m.size();
        throw new IllegalArgumentException("object of type '" + Py.typeName(p) + "' has no len()");
    }

    /** Python's sum: whole numbers stay whole until a float joins in; lists add up with {@code start=[]}. */
    @SuppressWarnings("unchecked")
    private static Object sum(List<Object> items, String attribute, Object start) {
        Object total = JinjaValues.out(start);
        for (Object item : items) {
            Object n = JinjaValues.out(attribute == null ? item : Py.attribute(item, attribute));
            if (total instanceof List<?> t && n instanceof List<?> more) {
                List<Object> joined = new ArrayList<>((List<Object>) t);
                joined.addAll(more);
                total = joined;
                continue;
            }
            if (!(n instanceof Number || n instanceof Boolean) || !(total instanceof Number)) {
                throw new IllegalArgumentException("sum: unsupported operand types for +: '" + Py.typeName(total) + "' and '" + Py.typeName(n) + "'");
            }
            long whole = n instanceof Boolean b ? (b ? 1 : 0) : 0;
            if (total instanceof Long t && (n instanceof Long || n instanceof Integer || n instanceof Boolean)) {
                total = t + (n instanceof Number x ? x.longValue() : whole);
            } else {
                total = ((Number) total).doubleValue() + (n instanceof Number x ? x.doubleValue() : whole);
            }
        }
        return total;
    }

    /** Python's ordering, by item or by {@code attribute} (several, comma separated), strings without case unless asked. */
    private static Comparator<Object> order(boolean caseSensitive, String attribute) {
        return (x, y) -> {
            if (attribute == null) return Py.compare(fold(x, caseSensitive), fold(y, caseSensitive));
            for (String attr : attribute.split(",")) {
                int c = Py.compare(fold(Py.attribute(x, attr.strip()), caseSensitive), fold(Py.attribute(y, attr.strip()), caseSensitive));
                if (c != 0) return c;
            }
            return 0;
        };
    }

    private static Object fold(Object v, boolean caseSensitive) {
        Object plain = JinjaValues.out(v);
        return !caseSensitive && plain instanceof String s ? s.toLowerCase(Locale.ROOT) : plain;
    }

    /** Jinja2's round: Python's round() (half to even, a whole number stays whole) or ceil and floor. */
    private static Object round(Object v, int precision, String method) {
        Object p = JinjaValues.out(v);
        if (!(p instanceof Number || p instanceof Boolean)) throw new IllegalArgumentException("round expects a number, not " + Py.typeName(p));
        if (!method.equals("common") && !method.equals("ceil") && !method.equals("floor")) {
            throw new IllegalArgumentException("round: method must be common, ceil or floor, not '" + method + "'");
        }
        if (method.equals("common") && (p instanceof Long || p instanceof Integer || p instanceof Boolean)) return Py.key(p);
        double d = p instanceof Boolean b ? (b ? 1 : 0) : ((Number) p).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) return d;
        java.math.RoundingMode mode = switch (method) {
            case "ceil" -> java.math.RoundingMode.CEILING;
            case "floor" -> java.math.RoundingMode.FLOOR;
            default -> java.math.RoundingMode.HALF_EVEN;
        };
        return new java.math.BigDecimal(d).setScale(precision, mode).doubleValue();
    }

    /** {@code select} and {@code reject} without a test name keep (or drop) the true items, as Jinja2's do. */
    private static void withoutTestMeansTruth(Context c, String name, boolean keep) {
        Filter jinjava = c.getFilter(name);
        c.registerFilter(new DelegatingFilter(name, jinjava) {
            @Override
            public Object filter(Object var, JinjavaInterpreter in, Object[] args, Map<String, Object> kwargs) {
                if (args.length > 0) return jinjava.filter(var, in, args, kwargs);
                return Py.list(var, name).stream().filter(x -> Py.truthy(x) == keep).toList();
            }
        });
    }

    /** {@code map(attribute='a.b', default=x)}; {@code map('filter', ...)} stays Jinjava's. */
    private static void mapWithDefault(Context c) {
        Filter jinjava = c.getFilter("map");
        c.registerFilter(new DelegatingFilter("map", jinjava) {
            @Override
            public Object filter(Object var, JinjavaInterpreter in, Object[] args, Map<String, Object> kwargs) {
                if (kwargs == null || !kwargs.containsKey("attribute")) return jinjava.filter(var, in, args, kwargs);
                String attribute = Py.str(kwargs.get("attribute"));
                boolean hasDefault = kwargs.containsKey("default");
                List<Object> out = new ArrayList<>();
                for (Object item : Py.list(var, "map")) {
                    Object v = Py.attribute(item, attribute);
                    out.add(v instanceof Undefined && hasDefault ? kwargs.get("default") : v);
                }
                return out;
            }
        });
    }

    private abstract static class DelegatingFilter implements Filter {
        private final String name;

        DelegatingFilter(String name, Filter original) {
            this.name = name;
            if (original == null) throw new IllegalStateException("Jinjava has no '" + name + "' filter");
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter in, String... args) {
            return filter(var, in, args, Map.of());
        }
    }
}
