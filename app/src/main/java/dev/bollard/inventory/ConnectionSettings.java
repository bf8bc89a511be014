package dev.bollard.inventory;

/**
 * How to reach a host and become another user there, from Ansible's own connection variables.
 * {@link #toString()} masks both passwords.
 */
public record ConnectionSettings(String type, String address, int port, String user, String privateKeyFile,
                                 String password, boolean become, String becomeUser, String becomePassword) {

    public boolean local() {
        return "local".equals(type);
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped on first use, a
    // cost every run paid on its first host (these settings key the connection pool)
    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSettings c && port == c.port && become == c.become && java.util.Objects.equals(type, c.type)
                && java.util.Objects.equals(address, c.address) && java.util.Objects.equals(user, c.user)
                && java.util.Objects.equals(privateKeyFile, c.privateKeyFile) && java.util.Objects.equals(password, c.password)
                && java.util.Objects.equals(becomeUser, c.becomeUser) && java.util.Objects.equals(becomePassword, c.becomePassword);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(new Object[] {type, address, port, user, privateKeyFile, password, become, becomeUser, becomePassword});
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + type + " " + user + "@" + address + ":" + port + ", key=" + privateKeyFile
                + ", password=" + (password == null ? "none" : "********") + ", become=" + become + " " + becomeUser
                + ", becomePassword=" + (becomePassword == null ? "none" : "********") + "]";
    }
}
