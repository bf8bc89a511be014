package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.ConnectionSettings;
import dev.bollard.inventory.Host;
import dev.bollard.playbook.Play;
import dev.bollard.playbook.Task;
import dev.bollard.spi.ModuleFailure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a task reaches its host, by Ansible's precedence for connection settings: a connection
 * variable ({@code ansible_user}, {@code ansible_port}, {@code ansible_host}, {@code ansible_password},
 * {@code ansible_ssh_private_key_file}, {@code ansible_connection}) wins wherever it is set (inventory,
 * play or task {@code vars}, {@code set_fact}, {@code -e} above all), then the task's and the play's
 * {@code remote_user} keyword, then the command line's {@code -u} and ansible.cfg. So an inventory's
 * {@code ansible_user} beats a play's {@code remote_user}, and a play's {@code vars: ansible_user} beats
 * the inventory. The settings an inventory alone gives are the host's own (its first connection).
 */
final class TaskConnection {
    private TaskConnection() {
    }

    /** The host as this task reaches it: {@code host} itself, or a copy with other connection settings. */
    static Host of(Host host, Task task, Play play, Map<String, Object> vars, Expressions ex) throws ExpressionException, ModuleFailure {
        ConnectionSettings base = host.connection();
        Map<String, Object> chosen = new LinkedHashMap<>();
        String user = text(vars, ex, "ansible_user", "ansible_ssh_user");
        if (user == null) {
            String keyword = task.remoteUser() != null ? task.remoteUser() : play.remoteUser();
            // as Ansible does with remote_user, the keyword is given to ssh as User=: it beats ~/.ssh/config
            if (keyword != null) user = ex.render(keyword, vars);
        }
        if (user != null && !user.equals(base.user())) chosen.put("ansible_user", user);
        String portText = text(vars, ex, "ansible_port", "ansible_ssh_port");
        int port = base.port();
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.strip());
            } catch (NumberFormatException e) {
                throw new ModuleFailure("ansible_port must be a number, not '" + portText + "'");
            }
            if (port != base.port()) chosen.put("ansible_port", port);
        }
        String address = text(vars, ex, "ansible_host");
        if (address != null && !address.equals(base.address())) chosen.put("ansible_host", address);
        String password = text(vars, ex, "ansible_password", "ansible_ssh_pass");
        if (password != null && !password.equals(base.password())) chosen.put("ansible_password", password);
        String key = text(vars, ex, "ansible_ssh_private_key_file", "ansible_private_key_file");
        Object inventoryKey = first(host.vars(), "ansible_ssh_private_key_file", "ansible_private_key_file");
        if (key != null && !key.equals(String.valueOf(inventoryKey))) {
            key = expand(key, play.baseDir());
            if (!key.equals(base.privateKeyFile())) chosen.put("ansible_ssh_private_key_file", key);
        }
        String type = text(vars, ex, "ansible_connection");
        if (type != null) {
            type = switch (type.toLowerCase(Locale.ROOT)) {
                case "ssh", "smart", "paramiko", "paramiko_ssh" -> "ssh";
                case "local" -> "local";
                default -> throw new ModuleFailure("ansible_connection '" + type + "' is not supported (use ssh or local)");
            };
            if (!type.equals(base.type())) chosen.put("ansible_connection", type);
        }
        if (chosen.isEmpty()) return host;
        ConnectionSettings settings = new ConnectionSettings(
                (String) chosen.getOrDefault("ansible_connection", base.type()),
                (String) chosen.getOrDefault("ansible_host", base.address()),
                (Integer) chosen.getOrDefault("ansible_port", base.port()),
                (String) chosen.getOrDefault("ansible_user", base.user()),
                (String) chosen.getOrDefault("ansible_ssh_private_key_file", base.privateKeyFile()),
                (String) chosen.getOrDefault("ansible_password", base.password()),
                base.become(), base.becomeUser(), base.becomePassword());
        return host.reachedWith(settings, chosen);
    }

    /** The user a command runs as before any become: the login user, or the local one. */
    static String loginUser(ConnectionSettings c) {
        return c.local() ? System.getProperty("user.name") : c.user();
    }

    private static String text(Map<String, Object> vars, Expressions ex, String... names) throws ExpressionException {
        Object v = first(vars, names);
        if (v == null) return null;
        Object resolved = ex.resolve(v, vars);
        return resolved == null ? null : String.valueOf(resolved);
    }

    private static Object first(Map<String, Object> vars, String... names) {
        for (String n : List.of(names)) {
            if (vars.get(n) != null) return vars.get(n);
        }
        return null;
    }

    private static String expand(String key, Path dir) {
        if (key.equals("~") || key.startsWith("~/")) return System.getProperty("user.home") + key.substring(1);
        Path p = Path.of(key);
        return p.isAbsolute() || dir == null ? key : dir.resolve(p).normalize().toString();
    }
}
