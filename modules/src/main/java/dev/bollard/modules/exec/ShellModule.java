package dev.bollard.modules.exec;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.Shell;

/** {@code shell}: like {@code command}, but the text is a shell script (pipes, redirections, variables). */
public final class ShellModule extends CommandModule {
    private static final ArgSpec SPEC = spec(true);

    private static final ModuleDoc DOC = new ModuleDoc(
            "Runs a shell script (pipes, redirections, variables) with /bin/sh or the executable given; creates and removes "
                    + "make it idempotent.",
            "with creates, the path exists; with removes, it does not; without either there is nothing to verify "
                    + "(the task's own verify probes can say more)",
            "the creates path predicted present and the removes path predicted absent (Prediction.path), so a later "
                    + "task guarded by them plans as after this one; the script's output is unknown in check mode",
            """
            - name: A pipeline, once
              shell:
                cmd: echo hello | tr a-z A-Z > /tmp/shell-demo
                creates: /tmp/shell-demo
            - name: A bash script, once
              shell:
                cmd: "[[ -s /tmp/shell-demo ]] && cp /tmp/shell-demo /tmp/shell-demo.bak"
                executable: /bin/bash
                creates: /tmp/shell-demo.bak
            """);

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleDoc doc() {
        return DOC;
    }

    @Override
    protected String script(String text, Args args) throws ArgsException {
        String exe = args.optString("executable").orElse(null);
        return exe == null ? text : Shell.quote(exe) + " -c " + Shell.quote(text);
    }
}
