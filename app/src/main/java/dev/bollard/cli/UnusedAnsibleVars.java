package dev.bollard.cli;

import dev.bollard.inventory.Host;
import dev.bollard.inventory.Inventory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The {@code ansible_*} variables of an inventory (and of {@code -e}) that Bollard does not act
 * on, each named once per run in a warning, never ignored silently.
 */
final class UnusedAnsibleVars {
    /** The ones Bollard honours: connection, become, SSH arguments, and the names it defines itself. */
    private static final Set<String> HONOURED = Set.of("ansible_host", "ansible_port", "ansible_ssh_port", "ansible_user",
            "ansible_ssh_user", "ansible_password", "ansible_ssh_pass", "ansible_ssh_private_key_file", "ansible_private_key_file",
            "ansible_connection", "ansible_become", "ansible_become_user", "ansible_become_password", "ansible_become_pass",
            "ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_check_mode", "ansible_diff_mode", "ansible_managed");
    private static final Map<String, String> WHY = Map.of(
            "ansible_python_interpreter", "Bollard runs no Python on hosts",
            "ansible_become_method", "Bollard becomes with sudo only",
            "ansible_become_exe", "Bollard runs sudo from PATH",
            "ansible_become_flags", "Bollard chooses sudo's flags itself",
            "ansible_shell_type", "Bollard runs POSIX sh",
            "ansible_ssh_pipelining", "Bollard always sends a task's commands over one SSH connection",
            "ansible_host_key_checking", "use --host-key-policy or StrictHostKeyChecking in ~/.ssh/config");

    private UnusedAnsibleVars() {
    }

    static void warn(Inventory inventory, Map<String, Object> extraVars, Consumer<String> warning) {
        Map<String, String> seen = new TreeMap<>();
        for (Host h : inventory.hosts()) {
            for (String k : h.vars().keySet()) if (unused(k)) seen.putIfAbsent(k, "host " + h.name());
        }
        for (String k : extraVars.keySet()) if (unused(k)) seen.putIfAbsent(k, "-e");
        seen.forEach((name, where) -> warning.accept(name + " (" + where + ") is not used by Bollard"
                + (WHY.containsKey(name) ? ": " + WHY.get(name) : "")));
    }

    private static boolean unused(String name) {
        return name.startsWith("ansible_") && !HONOURED.contains(name);
    }
}
