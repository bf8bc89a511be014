package dev.bollard.expr;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Adapters from small lambdas to Jinjava's filter and test interfaces. */
final class JinjaFunction {
    private JinjaFunction() {
    }

    @FunctionalInterface
    interface FilterBody {
        Object apply(Object value, Args args);
    }

    @FunctionalInterface
    interface TestBody {
        boolean test(Object value, Args args);
    }

    /** A filter's or test's arguments: positional first, then by keyword. */
    record Args(Object[] positional, Map<String, Object> keywords) {
        Object get(int i, String keyword, Object fallback) {
            if (keywords != null && keyword != null && keywords.containsKey(keyword)) return keywords.get(keyword);
            return i >= 0 && i < positional.length ? positional[i] : fallback;
        }

        String string(int i, String keyword, String fallback) {
            Object v = get(i, keyword, fallback);
            return v == null || v instanceof PyNone ? fallback : Py.str(v);
        }

        boolean bool(int i, String keyword, boolean fallback) {
            Object v = get(i, keyword, null);
            return v == null ? fallback : Py.bool(v);
        }

        int integer(int i, String keyword, int fallback) {
            Object v = get(i, keyword, null);
            if (v == null || v instanceof PyNone) return fallback;
            return v instanceof Number n ? n.intValue() : Integer.parseInt(Py.str(v).strip());
        }

        int size() {
            return positional.length;
        }
    }

    static Filter filter(String name, FilterBody body) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return body.apply(var, new Args(args, Map.of()));
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                return body.apply(var, new Args(args, kwargs));
            }
        };
    }

    /**
     * A test that takes several arguments: Jinjava hands {@code is search('x', multiline=true)}
     * over as one tuple, which is spread back into positional and keyword arguments here.
     */
    static ExpTest testWithArgs(String name, TestBody body) {
        return test(name, (v, a) -> {
            List<?> given = a.size() == 1 && a.positional()[0] instanceof List<?> l ? l : Arrays.asList(a.positional());
            List<Object> positional = new ArrayList<>();
            Map<String, Object> keywords = new HashMap<>();
            for (Object o : given) {
                if (o instanceof NamedParameter p) keywords.put(p.getName(), p.getValue());
                else positional.add(o);
            }
            return body.test(v, new Args(positional.toArray(), keywords));
        });
    }

    static ExpTest test(String name, TestBody body) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                return body.test(var, new Args(args, Map.of()));
            }
        };
    }
}
