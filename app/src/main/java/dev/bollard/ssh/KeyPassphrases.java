package dev.bollard.ssh;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Passphrases of encrypted private keys, shared by every connection of a run: the one in
 * {@code BOLLARD_SSH_KEY_PASSPHRASE}, or else asked once per key file through the prompt (a terminal).
 */
public final class KeyPassphrases {
    public static final String ENV = "BOLLARD_SSH_KEY_PASSPHRASE";
    public static final KeyPassphrases NONE = new KeyPassphrases(null, null);

    private final String fromEnv;
    private final Function<String, String> prompt;
    private final Map<Path, String> asked = new HashMap<>();

    /** @param prompt asks a question and returns the answer, or null when nobody can answer; may be null */
    public KeyPassphrases(String fromEnv, Function<String, String> prompt) {
        this.fromEnv = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        this.prompt = prompt;
    }

    boolean fromEnvironment() {
        return fromEnv != null;
    }

    /** The passphrase for {@code key}, or null when there is none to be had. Asks at most once per key. */
    synchronized String passphrase(Path key) {
        if (fromEnv != null) return fromEnv;
        if (prompt == null) return null;
        Path k = key.toAbsolutePath().normalize();
        if (!asked.containsKey(k)) {
            String answer;
            try {
                answer = prompt.apply("Enter passphrase for key '" + key + "': ");
            } catch (RuntimeException e) {
                answer = null;
            }
            asked.put(k, answer == null || answer.isEmpty() ? null : answer);
        }
        return asked.get(k);
    }
}
