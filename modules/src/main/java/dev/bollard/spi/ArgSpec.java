package dev.bollard.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The arguments a module declares, and the rules between them, as Ansible's
 * {@code argument_spec} with {@code mutually_exclusive}, {@code required_together},
 * {@code required_one_of} and {@code required_if}. The engine {@link #bind binds} a task's
 * arguments to it before the module sees them: unknown keys, types, choices, aliases and
 * defaults are handled here, for every module alike.
 */
public final class ArgSpec {
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<List<String>> exclusive = new ArrayList<>();
    private final List<List<String>> together = new ArrayList<>();
    private final List<List<String>> oneOf = new ArrayList<>();
    private final List<RequiredIf> requiredIf = new ArrayList<>();

    private record RequiredIf(String key, Object value, List<String> needed) {
    }

    private ArgSpec() {
    }

    public static ArgSpec of(Param... declared) {
        ArgSpec spec = new ArgSpec();
        for (Param p : declared) {
            if (spec.names.put(p.name(), p.name()) != null) throw new IllegalArgumentException("argument declared twice: " + p.name());
            for (String a : p.aliases()) {
                if (spec.names.put(a, p.name()) != null) throw new IllegalArgumentException("alias declared twice: " + a);
            }
            spec.params.put(p.name(), p);
        }
        return spec;
    }

    /** At most one of these keys may be given. */
    public ArgSpec mutuallyExclusive(String... keys) {
        exclusive.add(declared(keys));
        return this;
    }

    /** If one of these keys is given, all must be. */
    public ArgSpec requiredTogether(String... keys) {
        together.add(declared(keys));
        return this;
    }

    /** At least one of these keys must be given. */
    public ArgSpec requiredOneOf(String... keys) {
        oneOf.add(declared(keys));
        return this;
    }

    /** When {@code key} has {@code value}, the {@code needed} keys must be given. */
    public ArgSpec requiredIf(String key, Object value, String... needed) {
        declared(key);
        requiredIf.add(new RequiredIf(key, value, declared(needed)));
        return this;
    }

    private List<String> declared(String... keys) {
        for (String k : keys) if (!params.containsKey(k)) throw new IllegalArgumentException("not a declared argument: " + k);
        return List.of(keys);
    }

    public List<Param> params() {
        return List.copyOf(params.values());
    }

    public Param param(String name) {
        return params.get(name);
    }

    /** The declared names of the secret arguments. */
    public Set<String> secrets() {
        return params.values().stream().filter(Param::noLog).map(Param::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The rules between arguments, one sentence each, for {@code bollard doc}. */
    public List<String> rules() {
        List<String> out = new ArrayList<>();
        for (List<String> g : exclusive) out.add("give at most one of " + String.join(", ", g));
        for (List<String> g : together) out.add("give " + String.join(", ", g) + " together or not at all");
        for (List<String> g : oneOf) out.add("give at least one of " + String.join(", ", g));
        for (RequiredIf r : requiredIf) out.add(r.key() + ": " + r.value() + " needs " + String.join(", ", r.needed()));
        return out;
    }

    /**
     * Checks a task's arguments against the declaration and returns them under their declared
     * names, converted to their types, with defaults filled in. In lenient mode (before the run,
     * when some values are still templates only the run can fill in) a value holding
     * <code>{{</code> or <code>{%</code> passes the type and choice checks.
     */
    public Args bind(String module, Map<String, ?> given, boolean lenient) throws ArgsException {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> spelledAs = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String name = names.get(e.getKey());
            if (name == null) {
                unknown.add(e.getKey());
                continue;
            }
            if (e.getValue() == null) continue;
            String before = spelledAs.put(name, e.getKey());
            if (before != null) {
                throw new ArgsException(e.getKey(), "'" + before + "' and '" + e.getKey() + "' are the same argument of module "
                        + module + "; give only one");
            }
            values.put(name, convert(module, params.get(name), e.getKey(), e.getValue(), lenient));
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new ArgsException(first, (unknown.size() > 1 ? "unknown arguments " + String.join(", ", unknown) : "unknown argument '" + first + "'")
                    + " for module " + module + Suggest.closest(first, names.keySet()) + "; it takes " + String.join(", ", params.keySet()));
        }
        for (Param p : params.values()) {
            if (p.required() && !values.containsKey(p.name())) {
                throw new ArgsException(p.name(), "missing required argument '" + p.name() + "' for module " + module);
            }
        }
        for (List<String> g : exclusive) {
            List<String> present = g.stream().filter(values::containsKey).toList();
            if (present.size() > 1) {
                throw new ArgsException(spelledAs.get(present.get(1)), "module " + module + " takes " + String.join(" or ", present.stream().map(spelledAs::get).toList())
                        + ", not both");
            }
        }
        for (List<String> g : together) {
            List<String> present = g.stream().filter(values::containsKey).toList();
            if (!present.isEmpty() && present.size() < g.size()) {
                String missing = g.stream().filter(k -> !values.containsKey(k)).findFirst().orElseThrow();
                throw new ArgsException(spelledAs.get(present.get(0)), "'" + spelledAs.get(present.get(0)) + "' needs '" + missing + "' as well (module " + module + ")");
            }
        }
        for (List<String> g : oneOf) {
            if (g.stream().noneMatch(values::containsKey)) {
                throw new ArgsException(g.get(0), "module " + module + " needs one of " + String.join(", ", g));
            }
        }
        Map<String, Object> withDefaults = new LinkedHashMap<>(values);
        for (Param p : params.values()) {
            if (!withDefaults.containsKey(p.name()) && p.defaultValue() != null) withDefaults.put(p.name(), p.defaultValue());
        }
        for (RequiredIf r : requiredIf) {
            Object v = withDefaults.get(r.key());
            if (v == null || !String.valueOf(v).equals(String.valueOf(r.value()))) continue;
            for (String n : r.needed()) {
                if (!values.containsKey(n)) {
                    throw new ArgsException(n, r.key() + ": " + r.value() + " needs '" + n + "' (module " + module + ")");
                }
            }
        }
        return new Args(module, this, withDefaults, lenient);
    }

    private static Object convert(String module, Param p, String key, Object v, boolean lenient) throws ArgsException {
        if (lenient && v instanceof String s && (s.contains("{{") || s.contains("{%"))) return v;
        Object out = switch (p.type()) {
            case STR, PATH -> {
                if (v instanceof Map || v instanceof List) throw wrongType(key, p.type(), v);
                yield String.valueOf(v);
            }
            case BOOL -> toBool(key, v);
            case INT -> toInt(key, v);
            case LIST -> toList(v);
            case DICT -> {
                if (!(v instanceof Map)) throw wrongType(key, p.type(), v);
                yield v;
            }
            case MODE -> toMode(key, v);
            case RAW -> v;
        };
        if (!p.choices().isEmpty() && !p.choices().contains(String.valueOf(out))) {
            throw new ArgsException(key, "'" + key + "' must be one of " + String.join(", ", p.choices()) + ", not '" + out + "'"
                    + Suggest.closest(String.valueOf(out), p.choices()));
        }
        return out;
    }

    private static Boolean toBool(String key, Object v) throws ArgsException {
        if (v instanceof Boolean b) return b;
        return switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1", "y", "t" -> true;
            case "false", "no", "off", "0", "n", "f" -> false;
            default -> throw wrongType(key, ArgType.BOOL, v);
        };
    }

    private static Long toInt(String key, Object v) throws ArgsException {
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw wrongType(key, ArgType.INT, v);
        }
    }

    private static List<Object> toList(Object v) {
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            for (String part : s.split(",")) if (!part.isBlank()) out.add(part.strip());
            return out;
        }
        List<Object> one = new ArrayList<>();
        one.add(v);
        return one;
    }

    private static String toMode(String key, Object v) throws ArgsException {
        if (v instanceof Map || v instanceof List) throw wrongType(key, ArgType.MODE, v);
        String s = String.valueOf(v).trim();
        if (s.matches("0?[0-7]{3}|[0-7]{4}")) return s.length() == 3 ? "0" + s : s;
        throw new ArgsException(key, "'" + key + "' must be an octal mode such as \"0644\", not '" + s + "'");
    }

    private static ArgsException wrongType(String key, ArgType type, Object v) {
        String what = v instanceof Map ? "a mapping" : v instanceof List ? "a list" : "'" + v + "'";
        String article = type == ArgType.INT || type == ArgType.MODE || type == ArgType.RAW ? "an " : "a ";
        if (type == ArgType.BOOL) return new ArgsException(key, "'" + key + "' must be true or false, not " + what);
        return new ArgsException(key, "'" + key + "' must be " + article + type.label() + ", not " + what);
    }
}
