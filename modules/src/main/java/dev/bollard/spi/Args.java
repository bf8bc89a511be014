package dev.bollard.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A task's module arguments, bound to the module's {@link ArgSpec}: under their declared names,
 * converted, defaults filled in. The getters read them; asking for a key the module did not
 * declare is a programming error. Every error names the key.
 *
 * <p>In lenient mode (used before any host is touched, when some values are still templates that
 * only the run can fill in) a value still holding <code>{{</code> passes the type checks.
 */
public final class Args {
    private final String module;
    private final ArgSpec spec;
    private final Map<String, Object> values;
    private final boolean lenient;

    Args(String module, ArgSpec spec, Map<String, ?> values, boolean lenient) {
        this.module = module;
        this.spec = spec;
        this.values = new LinkedHashMap<>(values == null ? Map.of() : values);
        this.lenient = lenient;
    }

    /** Binds a task's arguments to the module's declaration; see {@link ArgSpec#bind}. */
    public static Args bind(Module<?> module, Map<String, ?> values, boolean lenient) throws ArgsException {
        return module.spec().bind(module.name(), values == null ? Map.of() : values, lenient);
    }

    public String module() {
        return module;
    }

    /**
     * True while the playbook is checked before the run: a value may still be a template
     * (<code>{{ item }}</code>) that only the run fills in, so a module checking its syntax
     * (a regular expression, say) should let such a value pass.
     */
    public boolean lenient() {
        return lenient;
    }

    /** Whether the task gave the key, or it has a declared default. */
    public boolean has(String key) {
        return raw(key) != null;
    }

    public Object raw(String key) {
        if (spec.param(key) == null) {
            throw new IllegalStateException("module " + module + " reads '" + key + "', which it does not declare");
        }
        return values.get(key);
    }

    public String string(String key) throws ArgsException {
        return optString(key).orElseThrow(() -> missing(key));
    }

    public String string(String key, String fallback) throws ArgsException {
        return optString(key).orElse(fallback);
    }

    public Optional<String> optString(String key) throws ArgsException {
        Object v = raw(key);
        if (v == null) return Optional.empty();
        if (v instanceof Map || v instanceof List) throw wrongType(key, "a string", v);
        return Optional.of(String.valueOf(v));
    }

    public boolean bool(String key, boolean fallback) throws ArgsException {
        Object v = raw(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true", "yes", "on", "1" -> {
                return true;
            }
            case "false", "no", "off", "0" -> {
                return false;
            }
            default -> {
                if (unresolved(v)) return fallback;
                throw wrongType(key, "true or false", v);
            }
        }
    }

    public Optional<Integer> optInt(String key) throws ArgsException {
        Object v = raw(key);
        if (v == null) return Optional.empty();
        if (v instanceof Integer i) return Optional.of(i);
        if (v instanceof Long l && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) throw wrongType(key, "a whole number", v);
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return Optional.of(l.intValue());
        try {
            return Optional.of(Integer.parseInt(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            if (unresolved(v)) return Optional.empty();
            throw wrongType(key, "a whole number", v);
        }
    }

    public int integer(String key, int fallback) throws ArgsException {
        return optInt(key).orElse(fallback);
    }

    /** A single string or a list of strings. */
    public List<String> stringList(String key) throws ArgsException {
        Object v = raw(key);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map || o instanceof List) throw wrongType(key, "a list of strings", v);
                out.add(String.valueOf(o));
            }
        } else if (v instanceof Map) {
            throw wrongType(key, "a string or a list of strings", v);
        } else {
            out.add(String.valueOf(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) throws ArgsException {
        Object v = raw(key);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        if (unresolved(v)) return Map.of();
        throw wrongType(key, "a mapping", v);
    }

    /** One of the enum's constants, written in lower case in the playbook. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) throws ArgsException {
        Optional<String> v = optString(key);
        if (v.isEmpty()) return fallback;
        String wanted = v.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) return e;
        }
        if (unresolved(v.get())) return fallback;
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase(Locale.ROOT));
        throw new ArgsException(key, "'" + key + "' must be one of " + String.join(", ", allowed) + ", not '" + v.get() + "'");
    }

    /**
     * A file mode as four octal digits ("0644"). Accepts "0644", "644", or an unquoted 644
     * (taken as the octal digits the user wrote, not as a decimal number).
     */
    public Optional<String> mode(String key) throws ArgsException {
        Optional<String> v = optString(key);
        if (v.isEmpty()) return v;
        String s = v.get().trim();
        if (s.matches("0?[0-7]{3}|[0-7]{4}")) return Optional.of(s.length() == 3 ? "0" + s : s);
        if (unresolved(s)) return Optional.empty();
        throw new ArgsException(key, "'" + key + "' must be an octal mode such as \"0644\", not '" + s + "'");
    }

    /** {@code state: present} (the default) or {@code absent}; true for present. */
    public boolean present(String key) throws ArgsException {
        String state = string(key, "present");
        if (!state.equals("present") && !state.equals("absent")) {
            throw invalid(key, "'" + key + "' must be present or absent, not '" + state + "'");
        }
        return state.equals("present");
    }

    public ArgsException missing(String key) {
        return new ArgsException(key, "missing required argument '" + key + "' for module " + module);
    }

    public ArgsException invalid(String key, String message) {
        return new ArgsException(key, message);
    }

    private ArgsException wrongType(String key, String expected, Object v) {
        return new ArgsException(key, "'" + key + "' must be " + expected + ", not " + describe(v));
    }

    /**
     * Whether {@code v} is still a template (it holds <code>{{</code> or <code>{%</code>) while the
     * playbook is checked before the run: a module checking a value's syntax lets such a value pass,
     * and the run checks what it renders to.
     */
    public boolean unresolved(Object v) {
        return lenient && v instanceof String s && (s.contains("{{") || s.contains("{%"));
    }

    private static String describe(Object v) {
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        return "'" + v + "'";
    }
}
