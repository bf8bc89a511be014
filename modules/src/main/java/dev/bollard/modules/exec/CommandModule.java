package dev.bollard.modules.exec;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
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
    /** Prediction key: a path a planned command would create (true) or remove (false). */
    static final String EXISTS = "exists:";

    @Override
    public String name() {
        return "command";
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
        extraArgs(args);
        args.finish();
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

    /** Arguments only the shell module knows. */
    protected void extraArgs(Args args) throws ArgsException {
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
        Optional<Object> predicted = ctx.state().predicted(EXISTS + path);
        if (predicted.isPresent()) return (Boolean) predicted.get();
        return ctx.stat(path).isPresent();
    }

    @Override
    public boolean hasPostcondition(ExecArgs a) {
        return a.creates() != null || a.removes() != null;
    }
}
