package dev.bollard.expr;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Jinja's {@code range()} as Python's: every item asked for. Jinjava's own stops at its range limit
 * (1000 by default) without a word, so a loop over {@code range(2000)} would do half its work; Ansible
 * has no cap. A range past {@link #MAX_ITEMS} is refused by name instead, so a typo cannot fill memory.
 */
public final class Range {
    /** The most items a range may have: far past any loop a playbook means, well short of the heap. */
    public static final int MAX_ITEMS = 1_000_000;

    private Range() {
    }

    static void register(Context global) {
        try {
            global.registerFunction(new ELFunctionDefinition("", "range", Range.class.getMethod("range", Object.class, Object[].class)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** range(stop), range(start, stop) or range(start, stop, step). */
    public static List<Long> range(Object first, Object... more) {
        if (more.length > 2) throw new IllegalArgumentException("range() takes at most 3 arguments (" + (more.length + 1) + " given)");
        long start = more.length == 0 ? 0 : integer(first);
        long stop = more.length == 0 ? integer(first) : integer(more[0]);
        long step = more.length == 2 ? integer(more[1]) : 1;
        if (step == 0) throw new IllegalArgumentException("range() step must not be zero");
        long count;
        try {
            count = step > 0 ? (stop <= start ? 0 : Math.subtractExact(stop, start + 1) / step + 1)
                    : (start <= stop ? 0 : Math.subtractExact(start, stop + 1) / Math.negateExact(step) + 1);
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE;
        }
        if (count > MAX_ITEMS) {
            throw new IllegalArgumentException("range() would make " + count + " items; Bollard makes at most " + MAX_ITEMS
                    + " (a guard against filling memory): loop over a smaller range or split it");
        }
        int size = (int) count;
        return new Items(start, step, size);
    }

    private static long integer(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("range() takes integers, not " + (v == null ? "None" : "'" + v + "'"));
    }

    /** The items computed when read: a range of a million costs no memory until it is listed. */
    private static final class Items extends AbstractList<Long> implements RandomAccess {
        private final long start;
        private final long step;
        private final int size;

        Items(long start, long step, int size) {
            this.start = start;
            this.step = step;
            this.size = size;
        }

        @Override
        public Long get(int index) {
            if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
            return start + step * index;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
