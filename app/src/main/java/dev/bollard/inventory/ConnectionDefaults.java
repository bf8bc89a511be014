package dev.bollard.inventory;

import java.util.Map;

/**
 * Connection settings from outside the inventory. The command line's {@code -u}, {@code -c},
 * {@code --private-key}, {@code -b}, {@code --become-user}, {@code -k} and {@code ansible.cfg}'s
 * {@code remote_user}, {@code private_key_file}, {@code become}, {@code become_user} are used where
 * a host's variables say nothing, as in Ansible, where inventory variables win over them. The
 * {@code -e} variables ({@code forced}) win over the inventory's, as every {@code -e} variable does.
 * Null: not set.
 */
public record ConnectionDefaults(String remoteUser, String privateKeyFile, Boolean become, String becomeUser, String connection,
                                 String password, Map<String, Object> forced) {
    public static final ConnectionDefaults NONE = new ConnectionDefaults(null, null, null, null);

    public ConnectionDefaults {
        forced = forced == null ? Map.of() : Map.copyOf(forced);
    }

    public ConnectionDefaults(String remoteUser, String privateKeyFile, Boolean become, String becomeUser) {
        this(remoteUser, privateKeyFile, become, becomeUser, null, null, Map.of());
    }
}
