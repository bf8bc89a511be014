package dev.bollard.connect;

import dev.bollard.engine.Connector;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Host;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.LocalConnection;
import dev.bollard.ssh.HostKeyPolicy;
import dev.bollard.ssh.KeyPassphrases;
import dev.bollard.ssh.SshArgs;
import dev.bollard.ssh.SshConfig;
import dev.bollard.ssh.SshConnection;
import dev.bollard.ssh.SshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Local hosts run commands as local processes; every other host gets one SSH connection, set up as
 * OpenSSH would for Ansible's command line: the inventory's connection variables first (Ansible
 * passes them as {@code -o} options), then {@code ansible_ssh_common_args} and
 * {@code ansible_ssh_extra_args}, then the command line's --host-key-policy/--connect-timeout when
 * given, then {@code ~/.ssh/config} (the first value wins, as in OpenSSH).
 */
public final class DefaultConnector implements Connector {
    /** Where the run's SSH settings come from, besides the inventory. */
    public record Options(HostKeyPolicy policy, boolean policyGiven, Duration connectTimeout, boolean timeoutGiven,
                          boolean recordHostKeys, Path sshConfig, Map<String, String> env,
                          Function<String, String> prompt, Consumer<String> warnings) {
        public Options {
            if (policy == null) policy = HostKeyPolicy.STRICT;
            if (connectTimeout == null) connectTimeout = Duration.ofSeconds(10);
            if (env == null) env = Map.of();
            if (warnings == null) warnings = w -> { };
        }
    }

    private final Options options;
    private final KeyPassphrases passphrases;
    private final Map<Path, SshConfig> configs = new HashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.BiConsumer<String, String> negotiation;

    /** No ssh config, no agent, no passphrases: only what the inventory says (tests). */
    public DefaultConnector(HostKeyPolicy policy, Duration connectTimeout) {
        this(new Options(policy, true, connectTimeout, true, true, null, Map.of(), null, null));
    }

    public DefaultConnector(Options options) {
        this.options = options;
        this.passphrases = new KeyPassphrases(options.env().get(KeyPassphrases.ENV), options.prompt());
    }

    /** {@code -vvvv}: each SSH connection's negotiation is told to {@code log}, with the host's name. */
    public void negotiation(java.util.function.BiConsumer<String, String> log) {
        this.negotiation = log;
    }

    @Override
    public Connection open(Host host) throws ConnectionException {
        ConnectionSettings c = host.connection();
        if ("local".equals(c.type())) return new LocalConnection();
        java.util.function.BiConsumer<String, String> log = negotiation;
        return SshConnection.open(settings(host), log == null ? null : line -> log.accept(host.name(), line));
    }

    /** What {@link #open} connects with, the ssh config and ssh arguments applied. */
    public SshSettings settings(Host host) throws ConnectionException {
        ConnectionSettings c = host.connection();
        Map<String, Object> v = host.vars();
        SshArgs args = SshArgs.parse(string(v, "ansible_ssh_common_args"), string(v, "ansible_ssh_extra_args"));
        if (!args.notUnderstood().isEmpty() && warned.add(host.name())) {
            options.warnings().accept("host " + host.name() + ": ansible_ssh_common_args/ansible_ssh_extra_args: "
                    + "not understood, left out: " + String.join(", ", args.notUnderstood()));
        }
        Path configFile = args.configFile() != null ? Path.of(tilde(args.configFile())) : options.sshConfig();
        SshConfig config = config(configFile);
        String alias = c.address();
        SshConfig.Options o = config.lookup(alias);

        String hostName = first(args.get("hostname"), o.get("hostname"));
        hostName = hostName == null ? alias : SshConfig.expand(hostName, alias, alias, 0, "");
        int port = v.containsKey("ansible_port") || v.containsKey("ansible_ssh_port") ? c.port()
                : number(first(args.get("port"), o.get("port")), 22, "Port", host);
        String user = v.containsKey("ansible_user") || v.containsKey("ansible_ssh_user") ? c.user()
                : first(args.get("user"), o.get("user"), c.user());
        Path key = c.privateKeyFile() == null ? null : Path.of(c.privateKeyFile());
        List<Path> identities = new ArrayList<>();
        for (String f : args.identityFiles()) identities.add(Path.of(SshConfig.expand(f, alias, hostName, port, user)));
        for (String f : o.identityFiles()) {
            // as ssh does, IdentityFile lines of the config naming no file are passed over; a lone .pub
            // still names a key (one the agent holds, for IdentitiesOnly)
            Path p = Path.of(SshConfig.expand(f, alias, hostName, port, user));
            if (Files.exists(p) || Files.exists(Path.of(p + ".pub"))) identities.add(p);
        }
        boolean identitiesOnly = yes(first(args.get("identitiesonly"), o.get("identitiesonly")));
        Duration timeout = options.connectTimeout();
        String t = first(args.get("connecttimeout"), options.timeoutGiven() ? null : o.get("connecttimeout"));
        if (t != null) timeout = Duration.ofSeconds(number(t, (int) timeout.toSeconds(), "ConnectTimeout", host));
        int alive = number(first(args.get("serveraliveinterval"), o.get("serveraliveinterval")), 30, "ServerAliveInterval", host);
        int count = number(first(args.get("serveralivecountmax"), o.get("serveralivecountmax")), 3, "ServerAliveCountMax", host);
        String known = first(args.get("userknownhostsfile"), o.get("userknownhostsfile"));
        Path knownHosts = known == null ? null : Path.of(SshConfig.expand(known.split("\\s+")[0], alias, hostName, port, user));
        HostKeyPolicy policy = options.policy();
        String strict = first(args.get("stricthostkeychecking"), options.policyGiven() ? null : o.get("stricthostkeychecking"));
        if (strict != null) policy = policy(strict, host);
        Path agent = agentSocket();

        List<SshSettings> jumps = new ArrayList<>();
        String jump = first(args.get("proxyjump"), o.get("proxyjump"));
        if (jump != null && !jump.equalsIgnoreCase("none")) {
            List<Path> fallbackKeys = new ArrayList<>();
            if (key != null) fallbackKeys.add(key);
            fallbackKeys.addAll(identities);
            for (String hop : jump.split(",")) {
                jumps.add(hop(hop.trim(), config, fallbackKeys, policy, knownHosts, timeout, alive, count, agent, host));
            }
        }
        return new SshSettings(hostName, port, user, key, c.password(), policy, knownHosts, timeout, identities, identitiesOnly,
                jumps, alive, count, options.recordHostKeys(), agent, passphrases);
    }

    /**
     * One ProxyJump hop, {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}, with what the ssh
     * config says for that host; without an IdentityFile of its own it tries the target's keys.
     */
    private SshSettings hop(String spec, SshConfig config, List<Path> fallbackKeys, HostKeyPolicy policy, Path knownHosts,
                            Duration timeout, int alive, int count, Path agent, Host host) throws ConnectionException {
        String s = spec.startsWith("ssh://") ? spec.substring(6) : spec;
        String user = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            user = s.substring(0, at);
            s = s.substring(at + 1);
        }
        Integer port = null;
        if (s.startsWith("[") && s.contains("]")) {
            int end = s.indexOf(']');
            String rest = s.substring(end + 1);
            s = s.substring(1, end);
            if (rest.startsWith(":")) port = number(rest.substring(1), 22, "ProxyJump port", host);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            port = number(s.substring(s.indexOf(':') + 1), 22, "ProxyJump port", host);
            s = s.substring(0, s.indexOf(':'));
        }
        if (s.isEmpty()) throw new ConnectionException("host " + host.name() + ": ProxyJump '" + spec + "' names no host");
        SshConfig.Options o = config.lookup(s);
        String hostName = o.get("hostname") == null ? s : SshConfig.expand(o.get("hostname"), s, s, 0, "");
        if (port == null) port = number(o.get("port"), 22, "Port", host);
        if (user == null) user = first(o.get("user"), System.getProperty("user.name"));
        List<Path> keys = new ArrayList<>();
        for (String f : o.identityFiles()) {
            Path p = Path.of(SshConfig.expand(f, s, hostName, port, user));
            if (Files.exists(p) || Files.exists(Path.of(p + ".pub"))) keys.add(p);
        }
        if (keys.isEmpty()) keys.addAll(fallbackKeys);
        return new SshSettings(hostName, port, user, null, null, policy, knownHosts, timeout, keys,
                yes(o.get("identitiesonly")), List.of(), alive, count, options.recordHostKeys(), agent, passphrases);
    }

    private Path agentSocket() {
        String sock = options.env().get("SSH_AUTH_SOCK");
        if (sock == null || sock.isBlank()) return null;
        Path p = Path.of(sock);
        return Files.exists(p) ? p : null;
    }

    private synchronized SshConfig config(Path file) throws ConnectionException {
        if (file == null) return SshConfig.EMPTY;
        SshConfig c = configs.get(file);
        if (c == null) {
            try {
                c = SshConfig.load(file);
            } catch (IOException e) {
                throw new ConnectionException("cannot read ssh config " + file + ": " + e.getMessage(), e);
            }
            configs.put(file, c);
        }
        return c;
    }

    private static HostKeyPolicy policy(String value, Host host) throws ConnectionException {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "ask" -> HostKeyPolicy.STRICT;
            case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
            case "no", "off" -> HostKeyPolicy.OFF;
            default -> throw new ConnectionException("host " + host.name() + ": StrictHostKeyChecking '" + value
                    + "' is not one of yes, accept-new, no, ask");
        };
    }

    private static int number(String value, int fallback, String what, Host host) throws ConnectionException {
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConnectionException("host " + host.name() + ": " + what + " must be a number, not '" + value + "'");
        }
    }

    private static boolean yes(String value) {
        return value != null && value.trim().equalsIgnoreCase("yes");
    }

    private static String tilde(String path) {
        return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T t : values) if (t != null) return t;
        return null;
    }

    private static String string(Map<String, Object> v, String key) {
        Object o = v.get(key);
        return o == null ? null : String.valueOf(o);
    }
}
