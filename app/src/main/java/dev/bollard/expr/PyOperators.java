package dev.bollard.expr;

import java.util.ArrayList;
import java.util.List;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;

/** Python's {@code *} and {@code %} on strings and lists; numbers keep Jinjava's arithmetic. */
final class PyOperators {
    private PyOperators() {
    }

    /** {@code 'ab' * 3}, {@code [0] * 3}. */
    static final AstBinary.Operator MUL = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (a instanceof Number n && (b instanceof String || b instanceof List)) return repeat(b, n);
            if (b instanceof Number n && (a instanceof String || a instanceof List)) return repeat(a, n);
            return NumberOperations.mul(converter, a, b);
        }

        @Override
        public String toString() {
            return "*";
        }
    };

    /** {@code '%s-%d' % (name, 3)}; with a number on the left it is the remainder. */
    static final AstBinary.Operator MOD = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (a instanceof String s) return PyFormat.percent(s, b);
            return NumberOperations.mod(converter, a, b);
        }

        @Override
        public String toString() {
            return "%";
        }
    };

    private static Object repeat(Object what, Number times) {
        if (!(times instanceof Long || times instanceof Integer)) {
            throw new IllegalArgumentException("can't multiply sequence by non-int of type 'float'");
        }
        int n = Math.max(0, times.intValue());
        if (what instanceof String s) return s.repeat(n);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.addAll((List<?>) what);
        return out;
    }
}
