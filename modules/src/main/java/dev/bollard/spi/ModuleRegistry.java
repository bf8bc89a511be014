package dev.bollard.spi;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The modules on the class path, found with {@link ServiceLoader}, by name. */
public final class ModuleRegistry {
    private final Map<String, Module<?>> byName = new TreeMap<>();

    /** Modules found ahead of need, on another thread (see {@link #findAhead}); taken by the next {@link #load}. */
    private static final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.FutureTask<ModuleRegistry>> AHEAD =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Finds the modules now, on the calling thread, for the next {@link #load} to take: a run does it
     * on a second core while the main thread reads its command line.
     */
    public static void findAhead() {
        java.util.concurrent.FutureTask<ModuleRegistry> f = new java.util.concurrent.FutureTask<>(ModuleRegistry::find);
        AHEAD.set(f);
        f.run();
    }

    public static ModuleRegistry load() {
        java.util.concurrent.FutureTask<ModuleRegistry> f = AHEAD.getAndSet(null);
        if (f != null) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // found again below, where the failure is the caller's to see
            }
        }
        return find();
    }

    @SuppressWarnings("rawtypes")
    private static ModuleRegistry find() {
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
