package dev.bollard.cli;

import dev.bollard.connect.DefaultConnector;
import dev.bollard.engine.Secrets;
import dev.bollard.inventory.ConnectionDefaults;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.ssh.HostKeyPolicy;
import dev.bollard.vault.VaultSecrets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The inventory and how to reach and become root on its hosts, with ansible-playbook's option
 * names: shared by runs, {@code bollard history} and {@code bollard rollback}. ansible.cfg fills
 * what the command line leaves out.
 */
final class HostOptions {
    List<String> inventories = new ArrayList<>();
    String remoteUser;
    String privateKey;
    boolean askPass;
    String connection;
    boolean become;
    String becomeUser;
    String becomeMethod;
    List<String> extraVars = new ArrayList<>();
    String hostKeyPolicy;
    Integer connectTimeout;
    int commandTimeout;
    boolean askBecomePass;
    VaultOptions vaultOptions = new VaultOptions();

    static final int DEFAULT_COMMAND_TIMEOUT = 1800;

    /** Adds these options, and the vault's, to a command. */
    static void declare(CommandSpec spec) {
        spec.addOption(OptionSpecs.repeatable(String.class, "SOURCE",
                "inventory: a YAML or INI file, a directory of them, or hosts as host1,host2, (repeatable); "
                        + "without it only this machine exists, as localhost, for --check and verify", "-i", "--inventory", "--inventory-file"));
        spec.addOption(OptionSpecs.value(String.class, "USER", "log in as USER where the inventory names no ansible_user", "-u", "--user"));
        spec.addOption(OptionSpecs.value(String.class, "FILE", "SSH private key where the inventory names none", "--private-key", "--key-file"));
        spec.addOption(OptionSpecs.flag("ask once for the SSH password", "-k", "--ask-pass"));
        spec.addOption(OptionSpecs.value(String.class, "TYPE", "ssh or local, where the inventory sets no ansible_connection", "-c", "--connection"));
        spec.addOption(OptionSpecs.flag("become (sudo) where the inventory sets no ansible_become", "-b", "--become"));
        spec.addOption(OptionSpecs.value(String.class, "USER", "the user to become (default root)", "--become-user"));
        spec.addOption(OptionSpecs.value(String.class, "METHOD", "sudo (the only method Bollard has)", "--become-method"));
        spec.addOption(OptionSpecs.repeatable(String.class, "VARS", "key=value, @file.yml or a JSON/YAML mapping; wins over every other variable",
                "-e", "--extra-vars"));
        spec.addOption(OptionSpecs.value(String.class, "POLICY", "strict (key must be in ~/.ssh/known_hosts), accept-new (record unknown keys), off "
                + "(default: strict; off when ansible.cfg sets host_key_checking = False)", "--host-key-policy"));
        spec.addOption(OptionSpecs.value(Integer.class, "SECONDS", "SSH connect timeout (default: ansible.cfg's timeout, else 10)",
                "-T", "--connect-timeout"));
        spec.addOption(OptionSpecs.value(int.class, "SECONDS", DEFAULT_COMMAND_TIMEOUT, "longest a single command may run (default: " + DEFAULT_COMMAND_TIMEOUT + ")",
                "--timeout"));
        spec.addOption(OptionSpecs.flag("ask once for the sudo password (or set BOLLARD_BECOME_PASSWORD)", "-K", "--ask-become-pass"));
        VaultOptions.declare(spec);
    }

    /** The options as parsed. */
    static HostOptions read(ParseResult r) {
        HostOptions o = new HostOptions();
        o.inventories = OptionSpecs.values(r, "--inventory");
        o.remoteUser = OptionSpecs.value(r, "--user", null);
        o.privateKey = OptionSpecs.value(r, "--private-key", null);
        o.askPass = OptionSpecs.flag(r, "--ask-pass");
        o.connection = OptionSpecs.value(r, "--connection", null);
        o.become = OptionSpecs.flag(r, "--become");
        o.becomeUser = OptionSpecs.value(r, "--become-user", null);
        o.becomeMethod = OptionSpecs.value(r, "--become-method", null);
        o.extraVars = OptionSpecs.values(r, "--extra-vars");
        o.hostKeyPolicy = OptionSpecs.value(r, "--host-key-policy", null);
        o.connectTimeout = OptionSpecs.value(r, "--connect-timeout", null);
        o.commandTimeout = OptionSpecs.value(r, "--timeout", DEFAULT_COMMAND_TIMEOUT);
        o.askBecomePass = OptionSpecs.flag(r, "--ask-become-pass");
        o.vaultOptions = VaultOptions.read(r);
        return o;
    }

    /** A setting that cannot work: the message says which and why. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /** What the options give once ansible.cfg, the prompts and vault are read. */
    record Settled(VaultSecrets vault, Map<String, Object> extraVars, ConnectionDefaults defaults, String becomePassword,
                   HostKeyPolicy policy, boolean policyTyped, Duration connectTimeout, boolean timeoutTyped) {
    }

    /**
     * Reads ansible.cfg's defaults, asks for the passwords asked for, opens vault and {@code -e};
     * every password and decrypted value goes to {@code secrets} at once.
     */
    Settled settle(AnsibleConfig cfg, Map<String, String> env, Secrets secrets, PasswordPrompt prompt)
            throws Unusable, PlaybookException, AnsibleConfig.ConfigException {
        // typed on the command line (these options have no defaults of their own): they win over ~/.ssh/config
        boolean policyTyped = hostKeyPolicy != null;
        boolean timeoutTyped = connectTimeout != null;
        int timeout = connectTimeout != null ? connectTimeout : cfg.integer("defaults", "timeout", 1).orElse(10);
        String policy = hostKeyPolicy != null ? hostKeyPolicy : cfg.bool("defaults", "host_key_checking").orElse(true) ? "strict" : "off";
        if (inventories.isEmpty() && cfg.string("defaults", "inventory").isPresent()) {
            inventories.add(inventoryOf(cfg, cfg.string("defaults", "inventory").get()).toString());
        }
        if (becomeMethod != null && !becomeMethod.equals("sudo")) {
            throw new Unusable("--become-method " + becomeMethod + " is not available in Bollard: it becomes with sudo only");
        }
        if (connection != null && !Set.of("ssh", "local", "smart").contains(connection)) {
            throw new Unusable("--connection " + connection + " is not available in Bollard: use ssh or local");
        }
        boolean askBecome = askBecomePass || cfg.bool("privilege_escalation", "become_ask_pass").orElse(false);
        String sshPassword = askPass ? prompt.ask("SSH password: ") : null;
        secrets.add(sshPassword);
        Map<String, String> vaultEnv = env;
        if (cfg.path("defaults", "vault_password_file").isPresent() && !present(env.get(VaultOptions.ENV_PASSWORD_FILE))) {
            // the same setting as $ANSIBLE_VAULT_PASSWORD_FILE, which wins over the file
            vaultEnv = new HashMap<>(env);
            vaultEnv.put(VaultOptions.ENV_PASSWORD_FILE, cfg.path("defaults", "vault_password_file").get().toString());
        }
        if (!Set.of("strict", "accept-new", "off").contains(policy)) {
            throw new Unusable("--host-key-policy must be strict, accept-new or off, not '" + policy + "'");
        }
        String becomePassword = becomePassword(env, askBecome, prompt);
        secrets.add(becomePassword);
        // every vault password, and every value decrypted with one, is masked from here on
        VaultSecrets vault = vaultOptions.secrets(prompt, vaultEnv, secrets::add);
        Map<String, Object> extra = ExtraVars.parse(extraVars, vault);
        // the command line wins over ansible.cfg; the inventory wins over both; -e wins over all
        ConnectionDefaults defaults = new ConnectionDefaults(
                remoteUser != null ? remoteUser : cfg.string("defaults", "remote_user").orElse(null),
                privateKey != null ? privateKey : cfg.path("defaults", "private_key_file").map(Path::toString).orElse(null),
                become ? Boolean.TRUE : cfg.bool("privilege_escalation", "become").orElse(null),
                becomeUser != null ? becomeUser : cfg.string("privilege_escalation", "become_user").orElse(null),
                connection == null || connection.equals("smart") ? null : connection, sshPassword, connectionVars(extra));
        return new Settled(vault, extra, defaults, becomePassword, HostKeyPolicy.parse(policy), policyTyped,
                Duration.ofSeconds(timeout), timeoutTyped);
    }

    /** The connector to the hosts; {@code recordKeys}: accept-new may record host keys (not in a run that changes nothing). */
    static DefaultConnector connector(Settled s, boolean recordKeys, PasswordPrompt prompt, PrintStream err, Secrets secrets) {
        return new DefaultConnector(new DefaultConnector.Options(s.policy(), s.policyTyped(), s.connectTimeout(), s.timeoutTyped(), recordKeys,
                Path.of(System.getProperty("user.home"), ".ssh", "config"), System.getenv(),
                q -> prompt.interactive() ? prompt.ask(q) : null, w -> err.println("WARNING: " + secrets.mask(w))));
    }

    private static String becomePassword(Map<String, String> env, boolean ask, PasswordPrompt prompt) throws PlaybookException {
        String given = env.get("BOLLARD_BECOME_PASSWORD");
        if (!ask) return given == null || given.isEmpty() ? null : given;
        try {
            String answer = prompt.ask("BECOME password: ");
            if (answer == null) throw new PlaybookException("--ask-become-pass: no terminal and nothing on standard input");
            return answer;
        } catch (java.io.UncheckedIOException e) {
            throw new PlaybookException("--ask-become-pass: " + e.getMessage());
        }
    }

    /** ansible.cfg's inventory: one path (Ansible allows a comma-separated list; Bollard reads one inventory). */
    private static Path inventoryOf(AnsibleConfig cfg, String value) throws AnsibleConfig.ConfigException {
        if (value.contains(",")) {
            throw new AnsibleConfig.ConfigException(cfg.where("defaults", "inventory") + ": inventory names several sources ('" + value
                    + "'); Bollard reads one inventory: give one path, or -i");
        }
        return cfg.path("defaults", "inventory").orElseThrow();
    }

    /** The connection variables among the -e ones: they win over the inventory's. */
    private static Map<String, Object> connectionVars(Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        extra.forEach((k, v) -> {
            if (k.startsWith("ansible_")) out.put(k, v);
        });
        return out;
    }

    /** The home ansible.cfg is looked for in: $HOME, else the account's. */
    static Path home(Map<String, String> env) {
        String h = env.get("HOME");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
