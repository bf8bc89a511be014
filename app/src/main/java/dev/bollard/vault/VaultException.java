package dev.bollard.vault;

/**
 * Vault data that cannot be opened: no password given, a wrong password, a malformed envelope, an
 * unreadable password file. Unchecked on purpose: wherever YAML is read it is fatal, so it passes
 * through the loaders untouched and the command stops with this one line before touching a host.
 */
public final class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }
}
