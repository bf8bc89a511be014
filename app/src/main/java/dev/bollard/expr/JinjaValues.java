package dev.bollard.expr;

import com.hubspot.jinjava.objects.SafeString;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values crossing into and out of Jinja. In: variables are seen through read-only views in which
 * a null becomes {@link PyNone} (so a variable set to nothing is still defined). Out: a result is
 * turned back into plain Java lists, maps, strings, numbers and nulls.
 */
final class JinjaValues {
    private JinjaValues() {
    }

    static Object in(Object v) {
        if (v == null) return PyNone.NONE;
        if (v instanceof NullSafeMap || v instanceof NullSafeList) return v;
        if (v instanceof Map<?, ?> m) return new NullSafeMap(m);
        if (v instanceof List<?> l) return new NullSafeList(l);
        // Python has one int: 80 read from YAML must equal the literal 80 of an expression
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        return v;
    }

    /** A plain Java copy of a value Jinja produced. */
    static Object out(Object v) {
        if (v == null || v instanceof PyNone) return null;
        if (v instanceof Undefined u) throw u.error();
        if (v instanceof SafeString s) return s.toString();
        if (v instanceof NullSafeMap m) return out(m.inner);
        if (v instanceof NullSafeList l) return out(l.inner);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) copy.put(String.valueOf(out(e.getKey())), out(e.getValue()));
            return copy;
        }
        if (v instanceof PyTuple t) return PyTuple.of(t.stream().map(JinjaValues::out).toList());
        if (v instanceof Iterable<?> it && !(v instanceof java.nio.file.Path)) {
            List<Object> copy = new ArrayList<>();
            for (Object o : it) copy.add(out(o));
            return copy;
        }
        if (v instanceof Object[] arr) {
            List<Object> copy = new ArrayList<>(arr.length);
            for (Object o : arr) copy.add(out(o));
            return copy;
        }
        if (v instanceof Integer i) return i.longValue();
        return v;
    }

    static final class NullSafeMap extends AbstractMap<String, Object> {
        final Map<?, ?> inner;

        NullSafeMap(Map<?, ?> inner) {
            this.inner = inner;
        }

        @Override
        public Object get(Object key) {
            if (!inner.containsKey(key)) return null;
            return in(inner.get(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return inner.containsKey(key);
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<? extends Entry<?, ?>> it = inner.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Entry<?, ?> e = it.next();
                            return new SimpleImmutableEntry<>(String.valueOf(e.getKey()), in(e.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return inner.size();
                }
            };
        }
    }

    static final class NullSafeList extends AbstractList<Object> {
        final List<?> inner;

        NullSafeList(List<?> inner) {
            this.inner = inner;
        }

        @Override
        public Object get(int index) {
            return in(inner.get(index));
        }

        @Override
        public int size() {
            return inner.size();
        }
    }
}
