package dev.bollard.expr;

import java.util.Map;
import jinjava.javax.el.ELContext;

/**
 * {@code d.key} and {@code d['key']} on a mapping without that key give {@link Undefined}, as
 * Ansible does, instead of a silent null; reading anything of an undefined value fails.
 */
final class StrictAttributes extends ReadOnlyResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof Undefined u) throw u.error();
        if (base instanceof PyNone) throw new IllegalArgumentException("None has no attribute '" + property + "'");
        if (base instanceof Map<?, ?> m && property != null && !m.containsKey(property) && !m.containsKey(String.valueOf(property))) {
            context.setPropertyResolved(true);
            return new Undefined(String.valueOf(property), true);
        }
        return null;
    }
}
