package dev.bollard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Entry point: {@code bollard PLAYBOOK [options]}, {@code bollard verify PLAYBOOK [options]} and
 * {@code bollard vault ACTION FILE...} and {@code bollard doc [MODULE]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
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
        boolean verify = args.length > 0 && args[0].equals("verify");
        String[] rest = verify ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        if (args.length > 0 && args[0].equals("run")) rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        RunCommand command = new RunCommand(verify, out, err, env, cwd);
        CommandLine cli = new CommandLine(command)
                .setCommandName(verify ? "bollard verify" : "bollard")
                .setExpandAtFiles(false)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("ERROR: " + e.getMessage() + AnsibleFlags.hint(e.getMessage()));
                    err.println("usage: bollard [verify] PLAYBOOK [-i INVENTORY] [--check] [--diff] ... (see --help)");
                    return RunCommand.EXIT_BAD_INPUT;
                });
        return cli.execute(rest);
    }
}
