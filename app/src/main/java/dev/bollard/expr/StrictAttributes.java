package dev.bollard.expr;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * {@code d.key} and {@code d['key']} on a mapping without that key give {@link Undefined}, as
 * Ansible does, instead of a silent null; so does anything read from an undefined value.
 */
final class StrictAttributes extends ELResolver {

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

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
