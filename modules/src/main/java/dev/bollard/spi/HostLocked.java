package dev.bollard.spi;

/**
 * Another Bollard run holds the host's lock (see {@link HostLock}): this run leaves the host
 * untouched, as it would a host it cannot reach, and the message names the holder.
 */
public final class HostLocked extends ConnectionException {
    public HostLocked(String message) {
        super(message);
    }
}
