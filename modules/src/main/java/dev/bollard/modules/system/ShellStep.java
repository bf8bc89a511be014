package dev.bollard.modules.system;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.util.Map;
import java.util.function.Consumer;

/** A command that makes a change, described for output, with what it predicts for check mode. */
record ShellStep(String what, String script, Consumer<HostState> prediction) implements Step {

    ShellStep(String what, String script) {
        this(what, script, s -> { });
    }

    @Override
    public String describe() {
        return what;
    }

    @Override
    public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
        ctx.require(script, what);
        return Map.of();
    }

    @Override
    public void predict(HostState state) {
        prediction.accept(state);
    }
}
