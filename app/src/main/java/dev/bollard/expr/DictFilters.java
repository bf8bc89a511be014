package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.filter;

import com.hubspot.jinjava.interpret.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Filters on dictionaries: {@code combine} as Ansible merges, {@code dict2items}, {@code items2dict}, {@code dictsort}. */
final class DictFilters {
    private static final Set<String> LIST_MERGES = Set.of("replace", "keep", "append", "prepend", "append_rp", "prepend_rp");

    private DictFilters() {
    }

    static void register(Context c) {
        c.registerFilter(filter("combine", DictFilters::combine));
        c.registerFilter(filter("dict2items", (v, a) -> {
            List<Object> out = new ArrayList<>();
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            Py.map(v, "dict2items").forEach((key, value) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put(k, key);
                item.put(val, value);
                out.add(item);
            });
            return out;
        }));
        c.registerFilter(filter("items2dict", (v, a) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            for (Object item : Py.list(v, "items2dict")) {
                Map<String, Object> m = Py.map(item, "items2dict");
                if (!m.containsKey(k) || !m.containsKey(val)) {
                    throw new IllegalArgumentException("items2dict: each item needs the keys '" + k + "' and '" + val + "', not " + m.keySet());
                }
                // keys are text, as everywhere in Bollard's variables (Python would keep 1 as a number)
                out.put(Py.str(m.get(k)), m.get(val));
            }
            return out;
        }));
        c.registerFilter(filter("dictsort", (v, a) -> {
            boolean caseSensitive = a.bool(0, "case_sensitive", false);
            boolean byValue = "value".equals(a.string(1, "by", "key"));
            List<Object> out = new ArrayList<>();
            Py.map(v, "dictsort").forEach((k, x) -> out.add(new PyTuple(k, x)));
            out.sort((p, q) -> Py.compare(fold(((List<?>) p).get(byValue ? 1 : 0), caseSensitive), fold(((List<?>) q).get(byValue ? 1 : 0), caseSensitive)));
            if (a.bool(2, "reverse", false)) java.util.Collections.reverse(out);
            return out;
        }));
    }

    private static Object fold(Object v, boolean caseSensitive) {
        Object plain = JinjaValues.out(v);
        return !caseSensitive && plain instanceof String s ? s.toLowerCase(Locale.ROOT) : plain;
    }

    /** Ansible's combine: later dictionaries win; {@code recursive} merges nested ones, {@code list_merge} lists. */
    @SuppressWarnings("unchecked")
    private static Object combine(Object v, JinjaFunction.Args a) {
        Map<String, Object> kw = a.keywords() == null ? Map.of() : a.keywords();
        for (String k : kw.keySet()) {
            if (!k.equals("recursive") && !k.equals("list_merge")) {
                throw new IllegalArgumentException("combine: 'recursive' and 'list_merge' are the only keyword arguments, not '" + k + "'");
            }
        }
        boolean recursive = a.bool(-1, "recursive", false);
        String listMerge = a.string(-1, "list_merge", "replace");
        if (!LIST_MERGES.contains(listMerge)) {
            throw new IllegalArgumentException("combine: list_merge must be one of replace, keep, append, prepend, append_rp or prepend_rp, not '" + listMerge + "'");
        }
        List<Object> terms = new ArrayList<>();
        terms.add(v);
        terms.addAll(List.of(a.positional()));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object term : terms) {
            Object plain = JinjaValues.out(term);
            // [dict1, dict2] | combine, as Ansible allows
            for (Object layer : plain instanceof List<?> l ? (List<Object>) l : List.of(plain)) {
                out = merge(out, Py.map(layer, "combine"), recursive, listMerge);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> low, Map<String, Object> high, boolean recursive, String listMerge) {
        Map<String, Object> out = new LinkedHashMap<>(low);
        for (Map.Entry<String, Object> e : high.entrySet()) {
            Object mine = out.get(e.getKey());
            Object theirs = e.getValue();
            if (!out.containsKey(e.getKey())) out.put(e.getKey(), theirs);
            else if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> t) {
                out.put(e.getKey(), recursive ? merge((Map<String, Object>) m, (Map<String, Object>) t, true, listMerge) : theirs);
            } else if (mine instanceof List<?> m && theirs instanceof List<?> t) {
                out.put(e.getKey(), mergeLists((List<Object>) m, (List<Object>) t, listMerge));
            } else out.put(e.getKey(), theirs);
        }
        return out;
    }

    private static List<Object> mergeLists(List<Object> low, List<Object> high, String how) {
        List<Object> out = new ArrayList<>();
        List<Object> keys = high.stream().map(Py::key).toList();
        List<Object> lowOnly = low.stream().filter(x -> !keys.contains(Py.key(x))).toList();
        switch (how) {
            case "keep" -> out.addAll(low);
            case "append" -> {
                out.addAll(low);
                out.addAll(high);
            }
            case "prepend" -> {
                out.addAll(high);
                out.addAll(low);
            }
            case "append_rp" -> {
                out.addAll(lowOnly);
                out.addAll(high);
            }
            case "prepend_rp" -> {
                out.addAll(high);
                out.addAll(lowOnly);
            }
            default -> out.addAll(high);
        }
        return out;
    }
}
