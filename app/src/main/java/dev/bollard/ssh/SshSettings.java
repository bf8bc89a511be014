package dev.bollard.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to connect to one host. {@link #toString()} never shows the password.
 *
 * @param privateKeyFile   the key named by the inventory, or null
 * @param identityFiles    more keys (IdentityFile of ssh args and ~/.ssh/config), tried after it
 * @param identitiesOnly   only the named keys, and agent keys matching them (IdentitiesOnly)
 * @param jumps            jump hosts in order (ProxyJump), each connected through the one before
 * @param aliveInterval    seconds between keep-alives (ServerAliveInterval), 0 for none
 * @param aliveCountMax    unanswered keep-alives before the connection is dropped (ServerAliveCountMax)
 * @param recordHostKeys   whether ACCEPT_NEW writes new keys to known_hosts (not in check mode)
 * @param agentSocket      ssh-agent's socket (SSH_AUTH_SOCK), or null
 * @param passphrases      where passphrases of encrypted keys come from
 */
public record SshSettings(String host, int port, String user, Path privateKeyFile, String password,
                          HostKeyPolicy policy, Path knownHosts, Duration connectTimeout,
                          List<Path> identityFiles, boolean identitiesOnly, List<SshSettings> jumps,
                          int aliveInterval, int aliveCountMax, boolean recordHostKeys, Path agentSocket,
                          KeyPassphrases passphrases) {

    public SshSettings {
        if (knownHosts == null) knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(10);
        if (policy == null) policy = HostKeyPolicy.STRICT;
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
        jumps = jumps == null ? List.of() : List.copyOf(jumps);
        if (aliveCountMax < 1) aliveCountMax = 3;
        if (passphrases == null) passphrases = KeyPassphrases.NONE;
    }

    /** A direct connection with one key or password, keep-alives every 30 s, no agent. */
    public SshSettings(String host, int port, String user, Path privateKeyFile, String password,
                       HostKeyPolicy policy, Path knownHosts, Duration connectTimeout) {
        this(host, port, user, privateKeyFile, password, policy, knownHosts, connectTimeout,
                List.of(), false, List.of(), 30, 3, true, null, null);
    }

    /** {@code user@host:port}, as messages name a host. */
    public String target() {
        return user + "@" + host + ":" + port;
    }

    /** The host as known_hosts and {@code ssh-keygen -R} name it: {@code host}, or {@code [host]:port} off port 22. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return "SshSettings[" + target() + ", key=" + privateKeyFile + (identityFiles.isEmpty() ? "" : ", identities=" + identityFiles)
                + ", password=" + (password == null ? "none" : "********") + ", policy=" + policy
                + (jumps.isEmpty() ? "" : ", via " + jumps.stream().map(SshSettings::target).toList()) + "]";
    }
}
