package dev.bollard.expr;

import java.util.AbstractList;
import java.util.List;

/** A Python tuple, as {@code dict.items()}, {@code zip} and {@code splitext} give: a list that prints as {@code ('a', 1)}. */
final class PyTuple extends AbstractList<Object> {
    private final Object[] items;

    PyTuple(Object... items) {
        this.items = items.clone();
    }

    static PyTuple of(List<?> items) {
        return new PyTuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
