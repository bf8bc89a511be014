package dev.bollard.modules.files;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.PathStep;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** chmod / chown / chgrp of an existing path, only for the properties that differ. */
record SetAttrs(RemoteFile current, Attrs wanted) implements PathStep {

    @Override
    public boolean predictable() {
        return true;
    }

    @Override
    public String path() {
        return current.path();
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (wanted.mode() != null) parts.add("mode " + wanted.mode());
        if (wanted.owner() != null) parts.add("owner " + wanted.owner());
        if (wanted.group() != null) parts.add("group " + wanted.group());
        return "set " + String.join(", ", parts) + " on " + current.path();
    }

    @Override
    public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
        String p = Shell.quote(current.path());
        List<String> cmds = new ArrayList<>();
        if (wanted.mode() != null) cmds.add("chmod " + Shell.quote(wanted.mode()) + " -- " + p);
        if (wanted.owner() != null) cmds.add("chown " + Shell.quote(wanted.owner()) + " -- " + p);
        if (wanted.group() != null) cmds.add("chgrp " + Shell.quote(wanted.group()) + " -- " + p);
        ctx.require(String.join(" && ", cmds), describe());
        ctx.state().forget(current.path());
        return Map.of();
    }

    @Override
    public void predict(HostState state) {
        state.predictFile(new RemoteFile(current.path(), current.type(),
                wanted.mode() != null ? wanted.mode() : current.mode(),
                wanted.owner() != null ? wanted.owner() : current.owner(),
                wanted.group() != null ? wanted.group() : current.group(),
                current.size(), current.linkTarget(), current.content()));
    }
}
