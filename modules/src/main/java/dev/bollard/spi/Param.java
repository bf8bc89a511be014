package dev.bollard.spi;

import java.util.List;

/**
 * One declared argument of a module, as Ansible's {@code argument_spec} declares it: its type,
 * whether it is required, its default, the values it may take, its other names, and whether its
 * value is a secret that must never be printed.
 */
public record Param(String name, ArgType type, boolean required, Object defaultValue, List<String> choices,
                    List<String> aliases, String description, boolean noLog) {

    public Param {
        choices = List.copyOf(choices);
        aliases = List.copyOf(aliases);
    }

    public static Param of(String name, ArgType type, String description) {
        return new Param(name, type, false, null, List.of(), List.of(), description, false);
    }

    public static Param str(String name, String description) {
        return of(name, ArgType.STR, description);
    }

    public static Param path(String name, String description) {
        return of(name, ArgType.PATH, description);
    }

    public static Param bool(String name, boolean defaultValue, String description) {
        return of(name, ArgType.BOOL, description).byDefault(defaultValue);
    }

    public static Param integer(String name, String description) {
        return of(name, ArgType.INT, description);
    }

    public static Param list(String name, String description) {
        return of(name, ArgType.LIST, description);
    }

    public static Param dict(String name, String description) {
        return of(name, ArgType.DICT, description);
    }

    public static Param mode(String name, String description) {
        return of(name, ArgType.MODE, description);
    }

    public static Param raw(String name, String description) {
        return of(name, ArgType.RAW, description);
    }

    /** {@code state}-like text restricted to a few values, the first being the default. */
    public static Param choice(String name, String description, String... values) {
        return new Param(name, ArgType.STR, false, values[0], List.of(values), List.of(), description, false);
    }

    public Param mandatory() {
        return new Param(name, type, true, defaultValue, choices, aliases, description, noLog);
    }

    public Param byDefault(Object value) {
        return new Param(name, type, required, value, choices, aliases, description, noLog);
    }

    /** No default: absent means "leave as it is", even for a choice. */
    public Param noDefault() {
        return byDefault(null);
    }

    public Param choices(String... values) {
        return new Param(name, type, required, defaultValue, List.of(values), aliases, description, noLog);
    }

    public Param aliases(String... names) {
        return new Param(name, type, required, defaultValue, choices, List.of(names), description, noLog);
    }

    /** The value is a secret: masked in output, diffs, logs and results. */
    public Param secret() {
        return new Param(name, type, required, defaultValue, choices, aliases, description, true);
    }
}
