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

    @Override
    public String toString() {
        return "ConnectionSettings[" + type + " " + user + "@" + address + ":" + port + ", key=" + privateKeyFile
                + ", password=" + (password == null ? "none" : "********") + ", become=" + become + " " + becomeUser
                + ", becomePassword=" + (becomePassword == null ? "none" : "********") + "]";
    }
}
