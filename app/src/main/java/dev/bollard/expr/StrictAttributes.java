package dev.bollard.expr;

import java.util.Map;
import jinjava.javax.el.ELContext;

/**
 * {@code d.key} and {@code d['key']} on a mapping without that key give {@link Undefined}, as
 * Ansible does, instead of a silent null; so does anything read from an undefined value.
 */
final class StrictAttributes extends ReadOnlyResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof Undefined u) {
            // as in Ansible, missing.deeper is undefined too (and fails, naming 'missing', where it is used)
            context.setPropertyResolved(true);
            return u;
        }
        if (base instanceof PyNone) throw new IllegalArgumentException("None has no attribute '" + property + "'");
        if (base instanceof Map<?, ?> m && property != null && !m.containsKey(property) && !m.containsKey(String.valueOf(property))) {
            context.setPropertyResolved(true);
            return new Undefined(String.valueOf(property), true);
        }
        return null;
    }
}
