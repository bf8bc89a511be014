package dev.bollard.modules.exec;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Shell;

/** {@code shell}: like {@code command}, but the text is a shell script (pipes, redirections, variables). */
public final class ShellModule extends CommandModule {

    @Override
    public String name() {
        return "shell";
    }

    @Override
    protected String script(String text, Args args) throws ArgsException {
        String exe = args.optString("executable").orElse(null);
        return exe == null ? text : Shell.quote(exe) + " -c " + Shell.quote(text);
    }
}
