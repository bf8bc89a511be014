package dev.bollard.expr;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * A variable that is set to nothing ({@code x: ~} or an empty YAML value). Jinja must see it as
 * defined (Ansible does) but false, and print it as Python does; Jinjava would take a plain
 * {@code null} for an undefined name.
 */
public final class PyNone implements HasObjectTruthValue {
    public static final PyNone NONE = new PyNone();

    private PyNone() {
    }

    @Override
    public boolean getObjectTruthValue() {
        return false;
    }

    @Override
    public String toString() {
        return "None";
    }
}
