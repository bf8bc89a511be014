package dev.bollard.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** What to use instead of an ansible-playbook flag Bollard does not have. */
final class AnsibleFlags {
    private static final Map<String, String> NEAREST = new LinkedHashMap<>();

    static {
        NEAREST.put("--flush-cache", "Bollard keeps no fact cache between runs: facts are read afresh every run; drop the flag");
        NEAREST.put("--ssh-common-args", "set ansible_ssh_common_args in the inventory or with -e");
        NEAREST.put("--ssh-extra-args", "set ansible_ssh_extra_args in the inventory or with -e");
        NEAREST.put("--scp-extra-args", "Bollard copies over its SSH connection: set ansible_ssh_common_args instead");
        NEAREST.put("--sftp-extra-args", "Bollard copies over its SSH connection: set ansible_ssh_common_args instead");
        NEAREST.put("--module-path", "Bollard's modules are built in (bollard doc lists them)");
        NEAREST.put("-M", "Bollard's modules are built in (bollard doc lists them)");
        NEAREST.put("--become-password-file", "set BOLLARD_BECOME_PASSWORD, or use -K");
        NEAREST.put("--connection-password-file", "use -k, or ansible_password in a vault-encrypted inventory");
        NEAREST.put("--list-hosts-only", "use --list-hosts");
    }

    private AnsibleFlags() {
    }

    /** A hint for picocli's "Unknown option" message, or "" when there is none. */
    static String hint(String message) {
        if (message == null || !message.startsWith("Unknown option")) return "";
        for (Map.Entry<String, String> e : NEAREST.entrySet()) {
            if (message.contains("'" + e.getKey() + "'") || message.contains("'" + e.getKey() + "=")) {
                return " (ansible-playbook's " + e.getKey() + ": " + e.getValue() + ")";
            }
        }
        return "";
    }
}
