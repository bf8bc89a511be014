package dev.bollard.connect;

import dev.bollard.engine.Connector;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Host;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.LocalConnection;
import dev.bollard.ssh.HostKeyPolicy;
import dev.bollard.ssh.SshConnection;
import dev.bollard.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Local hosts run commands as local processes; every other host gets one SSH connection. */
public final class DefaultConnector implements Connector {
    private final HostKeyPolicy policy;
    private final Duration connectTimeout;

    public DefaultConnector(HostKeyPolicy policy, Duration connectTimeout) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Connection open(Host host) throws ConnectionException {
        ConnectionSettings c = host.connection();
        if ("local".equals(c.type())) return new LocalConnection();
        Path key = c.privateKeyFile() == null ? null : Path.of(c.privateKeyFile());
        return SshConnection.open(new SshSettings(c.address(), c.port(), c.user(), key, c.password(), policy, null, connectTimeout));
    }
}
