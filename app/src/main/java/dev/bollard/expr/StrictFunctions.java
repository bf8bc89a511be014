package dev.bollard.expr;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every filter and test, Jinjava's own included, fails on an undefined value instead of making
 * something of it (an empty list, false), as Ansible's strict undefined does; only the ones made
 * to look at undefined values ({@code default}, {@code is defined}...) see them.
 */
final class StrictFunctions {
    private static final Set<String> FILTERS_FOR_UNDEFINED = Set.of("default", "d", "mandatory");
    private static final Set<String> TESTS_FOR_UNDEFINED = Set.of("defined", "undefined");

    private StrictFunctions() {
    }

    static void apply(Context global) {
        for (Filter f : List.copyOf(global.getAllFilters())) {
            if (!FILTERS_FOR_UNDEFINED.contains(f.getName())) global.registerFilter(strict(f));
        }
        for (ExpTest t : List.copyOf(global.getAllExpTests())) {
            if (!TESTS_FOR_UNDEFINED.contains(t.getName())) global.registerExpTest(strict(t));
        }
    }

    private static Object defined(Object value) {
        if (value instanceof Undefined u) throw u.error();
        return value;
    }

    private static Filter strict(Filter f) {
        return new Filter() {
            @Override
            public String getName() {
                return f.getName();
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return f.filter(defined(var), interpreter, args);
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                return f.filter(defined(var), interpreter, args, kwargs);
            }

            @Override
            public boolean preserveSafeString() {
                return f.preserveSafeString();
            }
        };
    }

    private static ExpTest strict(ExpTest t) {
        return new ExpTest() {
            @Override
            public String getName() {
                return t.getName();
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                return t.evaluate(defined(var), interpreter, args);
            }

            @Override
            public boolean evaluateNegated(Object var, JinjavaInterpreter interpreter, Object... args) {
                return t.evaluateNegated(defined(var), interpreter, args);
            }
        };
    }
}
