package dev.bollard.modules.storage;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.util.Map;
import java.util.function.Consumer;

/** One command of a storage change; in check mode it records what it would leave behind. */
record CommandStep(String command, Consumer<HostState> prediction) implements Step {

    CommandStep(String command) {
        this(command, s -> { });
    }

    @Override
    public String describe() {
        return command;
    }

    @Override
    public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
        ctx.require("export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1; " + command + " </dev/null", command);
        return Map.of();
    }

    @Override
    public void predict(HostState state) {
        prediction.accept(state);
    }
}
