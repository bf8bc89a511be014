package dev.bollard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Entry point: {@code bollard PLAYBOOK [options]}, {@code bollard verify PLAYBOOK [options]},
 * {@code bollard history [HOST...]}, {@code bollard rollback RUN_ID}, {@code bollard vault ACTION FILE...}
 * and {@code bollard doc [MODULE]}.
 */
public final class Main {
    private Main() {
    }


    public static void main(String[] args) {
        dev.bollard.report.PhaseClock.mark("JVM up, main called");
        int code = run(args, System.out, System.err);
        dev.bollard.report.PhaseClock.mark("run over, exiting");
        ArchiveRecording.loadEveryClassIfRecording();
        System.exit(code);
    }

    /** Runs the command line and returns the exit code; used by tests in the same JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** As above, with the environment and the current directory the run reads ansible.cfg from. */
    public static int run(String[] args, PrintStream out, PrintStream err, java.util.Map<String, String> env, Path cwd) {
        if (args.length > 0 && args[0].equals("vault")) {
            return VaultCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err, env);
        }
        if (args.length > 0 && args[0].equals("doc")) {
            return DocCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && (args[0].equals("history") || args[0].equals("rollback"))) {
            java.util.concurrent.Callable<Integer> command = args[0].equals("history") ? new HistoryCommand(out, err, env, cwd)
                    : new RollbackCommand(out, err, env, cwd);
            CommandLine cl = cli(command, "bollard " + args[0], "usage: bollard " + args[0] + (args[0].equals("history") ? " [-i INVENTORY] [HOST...] [--limit N] [--json]"
                    : " -i INVENTORY RUN_ID [--check] [--diff] [--limit HOSTS]") + " (see --help)", out, err);
            HostOptions.declare(cl.getCommandSpec());
            if (args[0].equals("rollback")) JournalOptions.declare(cl.getCommandSpec());
            return cl.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        StartupWarmup.start(env);
        boolean verify = args.length > 0 && args[0].equals("verify");
        String[] rest = verify ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        if (args.length > 0 && args[0].equals("run")) rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        RunCommand command = new RunCommand(verify, out, err, env, cwd);
        return cli(RunCommand.spec(), verify ? "bollard verify" : "bollard", "usage: bollard [verify] PLAYBOOK [-i INVENTORY] [--check] [--diff] ... (see --help)",
                out, err)
                .setExecutionStrategy(new CommandLine.IExecutionStrategy() {
                    // a class rather than a lambda: see StartupWarmup
                    @Override
                    public int execute(CommandLine.ParseResult parsed) {
                        Integer help = CommandLine.executeHelpRequest(parsed);
                        if (help != null) return help;
                        command.read(parsed);
                        return command.call();
                    }
                })
                .execute(rest);
    }

    private static CommandLine cli(Object command, String name, String usage, PrintStream out, PrintStream err) {
        return new CommandLine(command)
                .setCommandName(name)
                .setExpandAtFiles(false)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
                    // a class rather than a lambda: see StartupWarmup
                    @Override
                    public int handleParseException(CommandLine.ParameterException e, String[] a) {
                        err.println("ERROR: " + e.getMessage() + AnsibleFlags.hint(e.getMessage()));
                        err.println(usage);
                        return RunCommand.EXIT_BAD_INPUT;
                    }
                });
    }
}
