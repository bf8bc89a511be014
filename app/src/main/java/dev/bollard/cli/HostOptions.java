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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The inventory and how to reach and become root on its hosts, with ansible-playbook's option
 * names: shared by runs, {@code bollard history} and {@code bollard rollback}. ansible.cfg fills
 * what the command line leaves out.
 */
final class HostOptions {
    @Option(names = {"-i", "--inventory", "--inventory-file"}, paramLabel = "SOURCE",
            description = "inventory: a YAML or INI file, a directory of them, or hosts as host1,host2, (repeatable); "
                    + "without it only this machine exists, as localhost, for --check and verify")
    List<String> inventories = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "log in as USER where the inventory names no ansible_user")
    String remoteUser;

    @Option(names = {"--private-key", "--key-file"}, paramLabel = "FILE", description = "SSH private key where the inventory names none")
    String privateKey;

    @Option(names = {"-k", "--ask-pass"}, description = "ask once for the SSH password")
    boolean askPass;

    @Option(names = {"-c", "--connection"}, paramLabel = "TYPE", description = "ssh or local, where the inventory sets no ansible_connection")
    String connection;

    @Option(names = {"-b", "--become"}, description = "become (sudo) where the inventory sets no ansible_become")
    boolean become;

    @Option(names = "--become-user", paramLabel = "USER", description = "the user to become (default root)")
    String becomeUser;

    @Option(names = "--become-method", paramLabel = "METHOD", description = "sudo (the only method Bollard has)")
    String becomeMethod;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS", description = "key=value, @file.yml or a JSON/YAML mapping; wins over every other variable")
    List<String> extraVars = new ArrayList<>();

    @Option(names = "--host-key-policy", paramLabel = "POLICY",
            description = "strict (key must be in ~/.ssh/known_hosts), accept-new (record unknown keys), off "
                    + "(default: strict; off when ansible.cfg sets host_key_checking = False)")
    String hostKeyPolicy;

    @Option(names = {"-T", "--connect-timeout"}, paramLabel = "SECONDS", description = "SSH connect timeout (default: ansible.cfg's timeout, else 10)")
    Integer connectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800", description = "longest a single command may run (default: ${DEFAULT-VALUE})")
    int commandTimeout;

    @Option(names = {"-K", "--ask-become-pass"}, description = "ask once for the sudo password (or set BOLLARD_BECOME_PASSWORD)")
    boolean askBecomePass;

    @Mixin
    VaultOptions vaultOptions = new VaultOptions();

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
