package dev.bollard.modules.exec;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code command}: runs a program with its arguments and no shell, so pipes, redirections and
 * {@code $VAR} stay literal. {@code creates} / {@code removes} make it idempotent; in check mode
 * the plan says what would run instead of skipping silently.
 */
public class CommandModule implements Module<ExecArgs> {
    private static final ArgSpec SPEC = spec(false);

    private static final ModuleDoc DOC = new ModuleDoc(
            "Runs a program with its arguments and no shell, so pipes, redirections and $VAR stay literal; creates and "
                    + "removes make it idempotent.",
            "with creates, the path exists; with removes, it does not; without either there is nothing to verify "
                    + "(the task's own verify probes can say more)",
            "the creates path predicted present and the removes path predicted absent (Prediction.path), so a later "
                    + "command guarded by them plans as after this one; the command's output is unknown in check mode",
            """
            - name: A marker file, made once
              command:
                cmd: touch /tmp/command-demo
                creates: /tmp/command-demo
            - name: A program with arguments as a list
              command:
                argv: [ls, -l, /tmp/command-demo]
              changed_when: false
            """);

    /** The arguments of command, and with {@code executable} those of shell. */
    static ArgSpec spec(boolean shell) {
        List<Param> p = new ArrayList<>(List.of(
                Param.str("cmd", shell ? "the script, run by /bin/sh (the free-form text of the task)"
                        : "the command line, split into words as a shell would but run without one (the free-form text of the task)"),
                Param.list("argv", "the program and its arguments as a list, no quoting needed"
                        + (shell ? " (run without a shell; Ansible's shell has no argv)" : "")),
                Param.path("creates", "a path: when it exists the command does not run"),
                Param.path("removes", "a path: when it does not exist the command does not run"),
                Param.path("chdir", "the directory to run in"),
                Param.str("stdin", "text given to the command on its standard input")));
        if (shell) p.add(Param.path("executable", "the shell to run the script with, instead of /bin/sh"));
        return ArgSpec.of(p.toArray(Param[]::new)).mutuallyExclusive("cmd", "argv").requiredOneOf("cmd", "argv");
    }

    @Override
    public String name() {
        return "command";
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
    public ExecArgs parse(Args args) throws ArgsException {
        List<String> argv = args.stringList("argv");
        Optional<String> cmd = args.optString("cmd");
        String script;
        String shown;
        if (!argv.isEmpty()) {
            if (cmd.isPresent()) throw args.invalid("argv", "give either cmd or argv, not both");
            shown = String.join(" ", argv);
            script = quoteAll(argv);
        } else {
            String text = cmd.orElseThrow(() -> args.missing("cmd"));
            if (text.isBlank()) throw args.invalid("cmd", "the command is empty");
            shown = text;
            script = script(text, args);
        }
        ExecArgs parsed = new ExecArgs(script, shown, args.optString("creates").orElse(null),
                args.optString("removes").orElse(null), args.optString("chdir").orElse(null), args.optString("stdin").orElse(null));
        if (parsed.chdir() != null) {
            return new ExecArgs("cd " + Shell.quote(parsed.chdir()) + " && " + parsed.script(), parsed.shown(), parsed.creates(),
                    parsed.removes(), parsed.chdir(), parsed.stdin());
        }
        return parsed;
    }

    /** The command line for {@code sh -c}: here each word quoted, so no shell syntax is interpreted. */
    protected String script(String text, Args args) throws ArgsException {
        try {
            return quoteAll(ShellWords.split(text));
        } catch (IllegalArgumentException e) {
            throw args.invalid("cmd", e.getMessage());
        }
    }

    private static String quoteAll(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) quoted.add(Shell.quote(w));
        return "exec " + String.join(" ", quoted);
    }

    @Override
    public List<Probe> probes(ExecArgs a) {
        List<Probe> p = new ArrayList<>();
        if (a.creates() != null) p.add(Probe.stat(a.creates()));
        if (a.removes() != null) p.add(Probe.stat(a.removes()));
        return p;
    }

    @Override
    public Plan plan(ExecArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (a.creates() != null && exists(a.creates(), ctx)) return Plan.noOp(a.creates() + " exists");
        if (a.removes() != null && !exists(a.removes(), ctx)) return Plan.noOp(a.removes() + " does not exist");
        return new Plan.Change("run: " + a.shown(), new RunCommandStep(a));
    }

    private static boolean exists(String path, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Predicted<String> predicted = ctx.state().predicted(Prediction.path(path));
        if (predicted.known()) return predicted.isPresent();
        return ctx.stat(path).isPresent();
    }

    @Override
    public boolean hasPostcondition(ExecArgs a) {
        return a.creates() != null || a.removes() != null;
    }
}
