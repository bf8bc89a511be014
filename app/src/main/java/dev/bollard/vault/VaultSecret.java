package dev.bollard.vault;

import java.nio.charset.StandardCharsets;

/** One vault password and the vault-id label it answers to ({@code default} when none was given). */
public final class VaultSecret {
    public static final String DEFAULT_LABEL = "default";
    private final String label;
    private final byte[] password;

    public VaultSecret(String label, byte[] password) {
        if (password == null || password.length == 0) throw new VaultException("vault password for vault-id " + label + " is empty");
        this.label = label == null || label.isEmpty() ? DEFAULT_LABEL : label;
        this.password = password.clone();
    }

    public static VaultSecret of(String label, String password) {
        return new VaultSecret(label, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    public String label() {
        return label;
    }

    byte[] password() {
        return password;
    }

    /** The password as text, so the caller can mask it wherever it might be printed. */
    public String passwordText() {
        return new String(password, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "VaultSecret[" + label + "]";
    }
}
