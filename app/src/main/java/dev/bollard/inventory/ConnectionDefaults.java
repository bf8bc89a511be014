package dev.bollard.inventory;

/**
 * Connection settings from outside the inventory ({@code ansible.cfg}'s {@code remote_user},
 * {@code private_key_file}, {@code become}, {@code become_user}): used where a host's variables
 * say nothing, as in Ansible, where inventory variables win over the configuration. Null: not set.
 */
public record ConnectionDefaults(String remoteUser, String privateKeyFile, Boolean become, String becomeUser) {
    public static final ConnectionDefaults NONE = new ConnectionDefaults(null, null, null, null);
}
