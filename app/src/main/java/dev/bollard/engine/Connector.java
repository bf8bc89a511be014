package dev.bollard.engine;

import dev.bollard.inventory.Host;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ConnectionException;

/** Opens the one connection a host gets for the whole run. */
public interface Connector {
    Connection open(Host host) throws ConnectionException;
}
