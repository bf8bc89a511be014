package dev.bollard.spi;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The modules on the class path, found with {@link ServiceLoader}, by name. */
public final class ModuleRegistry {
    private final Map<String, Module<?>> byName = new TreeMap<>();

    @SuppressWarnings("rawtypes")
    public static ModuleRegistry load() {
        ModuleRegistry registry = new ModuleRegistry();
        for (Module m : ServiceLoader.load(Module.class)) registry.byName.put(m.name(), m);
        return registry;
    }

    /** This registry and one more module (an embedding program's own, or a test's). */
    public ModuleRegistry with(Module<?> extra) {
        ModuleRegistry out = new ModuleRegistry();
        out.byName.putAll(byName);
        out.byName.put(extra.name(), extra);
        return out;
    }

    public Optional<Module<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
