package dev.bollard.modules.files;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.PathStep;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.TaskContext;
import java.util.Map;

/**
 * A script that creates, links or removes one path, with what it leaves there ({@code result},
 * null when it removes the path) for check mode. A {@link PathStep}, so the run journal knows
 * which path it changed.
 */
record PathScript(String what, String script, String path, RemoteFile result) implements PathStep {

    /** A removal may take a whole tree with it, which the prediction does not list. */
    @Override
    public boolean predictable() {
        return result != null;
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
        if (result == null) state.predictAbsent(path);
        else state.predictFile(result);
    }
}
