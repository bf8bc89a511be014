package dev.bollard.inventory;

/** Placeholder until the inventory package lands. */
public record ConnectionSettings(String type, String address, int port, String user, String privateKeyFile,
                                 String password, boolean become, String becomeUser, String becomePassword) {
}
