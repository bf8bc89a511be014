package dev.bollard.modules.storage;

import dev.bollard.spi.Args;
import dev.bollard.spi.Connection;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Module;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.time.Duration;
import java.util.Map;

/** What the engine does with a module, reduced to what these tests need: parse, plan, apply or predict. */
final class Engine {
    final HostState state;
    final boolean check;

    Engine(Connection connection, boolean check) {
        this.state = new HostState("web1", connection, Duration.ofSeconds(60));
        this.check = check;
    }

    TaskContext ctx() {
        return new TaskContext(state, null, check, null);
    }

    /** Binds the arguments to the module's declaration first, as the engine does. */
    <A> A parse(Module<A> module, Map<String, ?> args) throws Exception {
        return module.parse(Args.bind(module, args, false));
    }

    /**
     * Plans as a task reading the host as it is now (the test may have changed it): what was read
     * before is dropped (predictions stay), and the module's probes are fetched in one round trip.
     */
    <A> Plan plan(Module<A> module, Map<String, ?> args) throws Exception {
        A parsed = parse(module, args);
        state.forget();
        state.prefetch(module.probes(parsed), null);
        return module.plan(parsed, ctx());
    }

    /** Plans and then applies (or, in check mode, predicts) every step, like a task run. */
    <A> Plan run(Module<A> module, Map<String, ?> args) throws Exception {
        Plan plan = plan(module, args);
        if (plan instanceof Plan.Change change) {
            for (Step step : change.steps()) {
                if (check) step.predict(state);
                else step.apply(ctx());
            }
        }
        return plan;
    }
}
