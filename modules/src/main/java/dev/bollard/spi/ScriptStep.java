package dev.bollard.spi;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The usual step: one shell script that makes the change, described for output, with what it
 * would leave behind for check mode. Fails the task, quoting the error, unless the script exits 0.
 */
public record ScriptStep(String what, String script, Consumer<HostState> prediction) implements Step {

    public ScriptStep(String what, String script) {
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
