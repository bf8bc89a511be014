package dev.bollard.inventory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Reads Ansible's connection variables ({@code ansible_host}, {@code ansible_port}, ...) into settings. */
final class ConnectionVars {
    private ConnectionVars() {
    }

    static ConnectionSettings settings(String host, Map<String, Object> v, String where, Path inventoryDir) throws InventoryException {
        return settings(host, v, where, inventoryDir, ConnectionDefaults.NONE);
    }

    static ConnectionSettings settings(String host, Map<String, Object> hostVars, String where, Path inventoryDir, ConnectionDefaults defaults)
            throws InventoryException {
        Map<String, Object> v = hostVars;
        if (!defaults.forced().isEmpty()) {
            v = new java.util.LinkedHashMap<>(hostVars);
            v.putAll(defaults.forced());
        }
        String type = string(v, "ansible_connection");
        if (type == null) type = defaults.connection();
        boolean addressed = v.containsKey("ansible_host") || v.containsKey("ansible_port") || v.containsKey("ansible_user");
        if (type == null) {
            type = (host.equals("localhost") || host.equals("127.0.0.1")) && !addressed ? "local" : "ssh";
        }
        type = switch (type.toLowerCase(Locale.ROOT)) {
            case "ssh", "smart", "paramiko", "paramiko_ssh" -> "ssh";
            case "local" -> "local";
            default -> throw new InventoryException(where + ": ansible_connection '" + type + "' is not supported (use ssh or local)");
        };
        String address = string(v, "ansible_host");
        int port = 22;
        Object p = v.get("ansible_port");
        if (p == null) p = v.get("ansible_ssh_port");
        if (p != null) {
            try {
                port = Integer.parseInt(String.valueOf(p).trim());
            } catch (NumberFormatException e) {
                throw new InventoryException(where + ": ansible_port must be a number, not '" + p + "'");
            }
            if (port < 1 || port > 65535) throw new InventoryException(where + ": ansible_port " + port + " is out of range");
        }
        String user = string(v, "ansible_user");
        if (user == null) user = string(v, "ansible_ssh_user");
        if (user == null) user = defaults.remoteUser();
        if (user == null) user = System.getProperty("user.name");
        String key = string(v, "ansible_ssh_private_key_file");
        if (key == null) key = string(v, "ansible_private_key_file");
        if (key != null) key = expand(key, inventoryDir);
        else key = defaults.privateKeyFile();
        String password = string(v, "ansible_password");
        if (password == null) password = string(v, "ansible_ssh_pass");
        if (password == null) password = defaults.password();
        boolean become = v.get("ansible_become") == null && defaults.become() != null ? defaults.become()
                : bool(v.get("ansible_become"), where, "ansible_become");
        String becomeUser = string(v, "ansible_become_user");
        if (becomeUser == null) becomeUser = defaults.becomeUser();
        String becomePassword = string(v, "ansible_become_password");
        if (becomePassword == null) becomePassword = string(v, "ansible_become_pass");
        return new ConnectionSettings(type, address == null ? host : address, port, user, key, password, become,
                becomeUser == null ? "root" : becomeUser, becomePassword);
    }

    private static String expand(String key, Path dir) {
        if (key.equals("~") || key.startsWith("~/")) return System.getProperty("user.home") + key.substring(1);
        Path p = Path.of(key);
        return p.isAbsolute() || dir == null ? key : dir.resolve(p).normalize().toString();
    }

    private static String string(Map<String, Object> v, String key) {
        Object o = v.get(key);
        return o == null ? null : String.valueOf(o);
    }

    private static boolean bool(Object o, String where, String key) throws InventoryException {
        if (o == null) return false;
        if (o instanceof Boolean b) return b;
        return switch (String.valueOf(o).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InventoryException(where + ": " + key + " must be true or false, not '" + o + "'");
        };
    }
}
