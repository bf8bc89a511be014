package dev.bollard.ssh;

import java.nio.file.Path;
import java.time.Duration;

/** Where and how to connect to one host. {@link #toString()} never shows the password. */
public record SshSettings(String host, int port, String user, Path privateKeyFile, String password,
                          HostKeyPolicy policy, Path knownHosts, Duration connectTimeout) {

    public SshSettings {
        if (knownHosts == null) knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(10);
        if (policy == null) policy = HostKeyPolicy.STRICT;
    }

    /** {@code user@host:port}, as messages name a host. */
    public String target() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "SshSettings[" + target() + ", key=" + privateKeyFile + ", password=" + (password == null ? "none" : "********")
                + ", policy=" + policy + "]";
    }
}
