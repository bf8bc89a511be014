package dev.bollard.cli;

import dev.bollard.engine.Runner;
import dev.bollard.vault.VaultEnvelope;
import dev.bollard.vault.VaultException;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bollard vault encrypt|decrypt|view|encrypt_string|edit}: files and values in
 * ansible-vault's format, readable by both tools. Files are rewritten atomically; every file named
 * is checked (readable, encrypted or not as needed, password right) before the first one is written.
 */
@Command(name = "vault", mixinStandardHelpOptions = true,
        description = "Encrypt, decrypt, view and edit files in ansible-vault's format (AES256, 1.1 and 1.2).",
        subcommands = {VaultCommand.Encrypt.class, VaultCommand.Decrypt.class, VaultCommand.View.class,
                VaultCommand.EncryptString.class, VaultEdit.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "4:nothing was written: a password is missing or wrong, a file is (not) encrypted or unreadable"})
final class VaultCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final PasswordPrompt prompt = new PasswordPrompt();

    VaultCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new VaultCommand(out, err, env))
                .setCommandName("bollard vault")
                .setExpandAtFiles(false)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("ERROR: " + e.getMessage());
                    err.println("usage: bollard vault encrypt|decrypt|view|encrypt_string|edit ... (see --help)");
                    return Runner.EXIT_BAD_INPUT;
                });
        for (CommandLine action : cli.getSubcommands().values()) VaultOptions.declare(action.getCommandSpec());
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        err.println("ERROR: say what to do: bollard vault encrypt|decrypt|view|encrypt_string|edit (see --help)");
        return Runner.EXIT_BAD_INPUT;
    }

    /** What every action shares: the password options, error reporting, reading files. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        VaultCommand root;

        @Spec
        CommandSpec spec;

        /** Declared in code (see OptionSpecs) and read when the action runs. */
        VaultOptions vault = new VaultOptions();

        abstract void run() throws IOException;

        @Override
        public final Integer call() {
            vault = VaultOptions.read(spec.commandLine().getParseResult());
            try {
                run();
                return Runner.EXIT_OK;
            } catch (VaultException e) {
                root.err.println("ERROR: " + e.getMessage());
            } catch (NoSuchFileException e) {
                root.err.println("ERROR: " + e.getFile() + ": no such file");
            } catch (IOException | UncheckedIOException e) {
                root.err.println("ERROR: " + e.getMessage());
            }
            return Runner.EXIT_BAD_INPUT;
        }

        /**
         * The passwords given; with none, one is asked for, as ansible-vault does (twice when a new
         * password is typed on a terminal, so a typo cannot lock the file away).
         */
        VaultSecrets secrets(boolean newPassword) {
            if (vault.given(root.env)) return vault.secrets(root.prompt, root.env, v -> { });
            String first = root.prompt.ask(newPassword ? "New vault password: " : "Vault password: ");
            if (first == null) {
                throw new VaultException("no vault password: give --vault-password-file, --vault-id or --ask-vault-pass");
            }
            if (newPassword && root.prompt.interactive() && !first.equals(root.prompt.ask("Confirm new vault password: "))) {
                throw new VaultException("the two passwords differ; nothing was written");
            }
            if (first.strip().isEmpty()) throw new VaultException("the vault password is empty");
            return new VaultSecrets(List.of(VaultSecret.of(VaultSecret.DEFAULT_LABEL, first.strip())), v -> { });
        }

        static String text(byte[] content) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }

        static Map<Path, byte[]> readAll(List<Path> files) throws IOException {
            Map<Path, byte[]> out = new LinkedHashMap<>();
            for (Path f : files) out.put(f, Files.readAllBytes(f));
            return out;
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true, description = "Encrypt files in place (format 1.1, or 1.2 with a vault-id label).")
    static final class Encrypt extends Action {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to encrypt")
        List<Path> files = new ArrayList<>();

        @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "the vault-id to encrypt with when several are given")
        String encryptId;

        @Override
        void run() throws IOException {
            Map<Path, byte[]> all = readAll(files);
            for (Map.Entry<Path, byte[]> e : all.entrySet()) {
                if (VaultEnvelope.isVault(text(e.getValue()))) throw new VaultException(e.getKey() + " is already vault-encrypted");
            }
            VaultSecrets s = secrets(true);
            for (Map.Entry<Path, byte[]> e : all.entrySet()) {
                AtomicFile.write(e.getKey(), s.encrypt(e.getValue(), encryptId).getBytes(StandardCharsets.US_ASCII));
                root.out.println("encrypted " + e.getKey());
            }
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true, description = "Decrypt files in place.")
    static final class Decrypt extends Action {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to decrypt")
        List<Path> files = new ArrayList<>();

        @Override
        void run() throws IOException {
            Map<Path, byte[]> all = readAll(files);
            VaultSecrets s = secrets(false);
            for (Map.Entry<Path, byte[]> e : all.entrySet()) e.setValue(open(s, e.getKey(), e.getValue()));
            for (Map.Entry<Path, byte[]> e : all.entrySet()) {
                AtomicFile.write(e.getKey(), e.getValue());
                root.out.println("decrypted " + e.getKey());
            }
        }
    }

    @Command(name = "view", mixinStandardHelpOptions = true, description = "Print the plaintext of encrypted files.")
    static final class View extends Action {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to show")
        List<Path> files = new ArrayList<>();

        @Override
        void run() throws IOException {
            Map<Path, byte[]> all = readAll(files);
            VaultSecrets s = secrets(false);
            for (Map.Entry<Path, byte[]> e : all.entrySet()) root.out.write(open(s, e.getKey(), e.getValue()));
            root.out.flush();
        }
    }

    static byte[] open(VaultSecrets s, Path file, byte[] content) {
        String text = Action.text(content);
        if (!VaultEnvelope.isVault(text)) throw new VaultException(file + " is not vault-encrypted");
        return s.openFile(text, file.toString()).plaintext();
    }

    @Command(name = "encrypt_string", mixinStandardHelpOptions = true,
            description = "Print a !vault value to paste into a YAML file; without VALUE, the value is read from standard input.")
    static final class EncryptString extends Action {
        @Parameters(paramLabel = "VALUE", arity = "0..*", description = "values to encrypt")
        List<String> values = new ArrayList<>();

        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "the variable name of each value, in order")
        List<String> names = new ArrayList<>();

        @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "the vault-id to encrypt with when several are given")
        String encryptId;

        @Override
        void run() throws IOException {
            List<String> plain = new ArrayList<>(values);
            VaultSecrets s = secrets(true);
            if (plain.isEmpty()) plain.add(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            if (names.size() > plain.size()) throw new VaultException(names.size() + " names for " + plain.size() + " values");
            for (int i = 0; i < plain.size(); i++) {
                String vaulted = s.encrypt(plain.get(i).getBytes(StandardCharsets.UTF_8), encryptId);
                StringBuilder b = new StringBuilder(i < names.size() ? names.get(i) + ": " : "").append("!vault |\n");
                for (String line : vaulted.split("\n")) b.append(" ".repeat(10)).append(line).append('\n');
                root.out.print(b);
            }
            root.out.flush();
        }
    }
}
