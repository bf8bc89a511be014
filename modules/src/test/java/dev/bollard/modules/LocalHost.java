package dev.bollard.modules;

import dev.bollard.spi.Args;
import dev.bollard.spi.HostState;
import dev.bollard.spi.LocalConnection;
import dev.bollard.spi.LocalFiles;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs modules against this machine's real files, the way the engine does: plan, then apply or predict. */
public final class LocalHost {
    private final HostState state = new HostState("local", new LocalConnection(), Duration.ofSeconds(30));
    private final Path base;

    public LocalHost(Path base) {
        this.base = base;
    }

    /** What the runs so far have read or predicted of this machine. */
    public HostState state() {
        return state;
    }

    public TaskContext ctx(boolean check) {
        return new TaskContext(state, null, check, new LocalFiles() {
            @Override
            public Path resolve(String src) throws ModuleFailure {
                Path p = base.resolve(src);
                if (!p.toFile().isFile()) throw new ModuleFailure("local file '" + src + "' not found");
                return p;
            }

            @Override
            public String render(String src) throws ModuleFailure {
                try {
                    return java.nio.file.Files.readString(resolve(src));
                } catch (java.io.IOException e) {
                    throw new ModuleFailure(e.getMessage());
                }
            }
        });
    }

    public static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    public <A> Plan plan(Module<A> m, Map<String, Object> args, boolean check) throws Exception {
        return m.plan(m.parse(Args.bind(m, args, false)), ctx(check));
    }

    /** Fetches the module's probes in one batch, as the engine's read-ahead does, then plans: the round trips the plan sent itself. */
    public <A> int roundTripsAfterReadAhead(Module<A> m, Map<String, Object> args) throws Exception {
        A a = m.parse(Args.bind(m, args, false));
        state.prefetch(m.probes(a), null);
        int before = state.roundTrips();
        m.plan(a, ctx(false));
        return state.roundTrips() - before;
    }

    /** Plans and, for a change, applies (or in check mode predicts) its steps. Returns the plan. */
    public <A> Plan run(Module<A> m, Map<String, Object> args, boolean check) throws Exception {
        TaskContext ctx = ctx(check);
        Plan p = m.plan(m.parse(Args.bind(m, args, false)), ctx);
        if (p instanceof Plan.Change c) {
            for (Step s : c.steps()) {
                if (check) s.predict(state);
                else s.apply(ctx);
            }
            if (!check) ctx.forget();
        }
        return p;
    }

    public <A> Verdict verify(Module<A> m, Map<String, Object> args) throws Exception {
        return m.verify(m.parse(Args.bind(m, args, false)), ctx(false));
    }
}
