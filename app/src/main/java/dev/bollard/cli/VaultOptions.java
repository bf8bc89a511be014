package dev.bollard.cli;

import dev.bollard.vault.VaultException;
import dev.bollard.vault.VaultPasswordFile;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Where vault passwords come from, with Ansible's option names; shared by runs and {@code bollard vault}. */
final class VaultOptions {
    static final String ENV_PASSWORD_FILE = "ANSIBLE_VAULT_PASSWORD_FILE";

    List<Path> passwordFiles = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    boolean ask;

    /** Adds these options to a command. */
    static void declare(CommandSpec spec) {
        spec.addOption(OptionSpecs.repeatable(Path.class, "FILE",
                "vault password from FILE, or from what FILE prints when it is executable (also: $" + ENV_PASSWORD_FILE + ")",
                "--vault-password-file", "--vault-pass-file"));
        spec.addOption(OptionSpecs.repeatable(String.class, "[LABEL@]SOURCE",
                "a vault password for vault-id LABEL (default: default) from SOURCE: a file, a script, or 'prompt'; repeatable", "--vault-id"));
        spec.addOption(OptionSpecs.flag("ask for the vault password (read from standard input when there is no terminal)",
                "-J", "--ask-vault-pass", "--ask-vault-password"));
    }

    /** The options as parsed. */
    static VaultOptions read(ParseResult r) {
        VaultOptions o = new VaultOptions();
        o.passwordFiles = OptionSpecs.values(r, "--vault-password-file");
        o.ids = OptionSpecs.values(r, "--vault-id");
        o.ask = OptionSpecs.flag(r, "--ask-vault-pass");
        return o;
    }

    boolean given(Map<String, String> env) {
        return ask || !ids.isEmpty() || !passwordFiles.isEmpty() || present(env.get(ENV_PASSWORD_FILE));
    }

    /**
     * Reads every password given, in Ansible's order: {@code --vault-id}s, then password files,
     * then the prompt of {@code --ask-vault-pass}. Each password is passed to {@code onSecret} at
     * once, and so is every value later decrypted with them.
     */
    VaultSecrets secrets(PasswordPrompt prompt, Map<String, String> env, Consumer<String> onSecret) {
        List<VaultSecret> out = new ArrayList<>();
        for (String id : ids) {
            int at = id.indexOf('@');
            String label = at < 0 ? VaultSecret.DEFAULT_LABEL : id.substring(0, at);
            String source = at < 0 ? id : id.substring(at + 1);
            if (label.isEmpty() || source.isEmpty()) throw new VaultException("--vault-id '" + id + "': write LABEL@SOURCE or SOURCE");
            out.add(source.equals("prompt") || source.equals("prompt_ask_vault_pass")
                    ? asked(prompt, "Vault password (" + label + "): ", label, "--vault-id " + id)
                    : VaultPasswordFile.read(Path.of(source), label));
        }
        List<Path> files = new ArrayList<>(passwordFiles);
        if (present(env.get(ENV_PASSWORD_FILE))) files.add(Path.of(env.get(ENV_PASSWORD_FILE)));
        for (Path f : files) out.add(VaultPasswordFile.read(f, VaultSecret.DEFAULT_LABEL));
        if (ask) out.add(asked(prompt, "Vault password: ", VaultSecret.DEFAULT_LABEL, "--ask-vault-pass"));
        out.forEach(s -> onSecret.accept(s.passwordText()));
        return new VaultSecrets(out, onSecret);
    }

    /** Asks for one password; Ansible strips what is typed, so a trailing space cannot lock anyone out. */
    static VaultSecret asked(PasswordPrompt prompt, String question, String label, String option) {
        String answer;
        try {
            answer = prompt.ask(question);
        } catch (java.io.UncheckedIOException e) {
            throw new VaultException(option + ": " + e.getMessage());
        }
        if (answer == null) throw new VaultException(option + ": no terminal and nothing on standard input");
        if (answer.strip().isEmpty()) throw new VaultException(option + ": the vault password is empty");
        return VaultSecret.of(label, answer.strip());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
