package dev.bollard.ssh;

import java.util.Locale;

/** How a host's key is checked against known_hosts. A changed key is refused under every policy but OFF. */
public enum HostKeyPolicy {
    /** The key must already be in known_hosts. */
    STRICT,
    /** Unknown hosts have their key recorded; known ones must match. */
    ACCEPT_NEW,
    /** No check at all (throwaway test hosts only). */
    OFF;

    public static HostKeyPolicy parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
