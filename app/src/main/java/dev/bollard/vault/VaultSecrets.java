package dev.bollard.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The vault passwords a command was given. Data is opened as Ansible opens it: first with the
 * passwords whose label is the data's vault-id, then with the others. Callers hand every value
 * they decrypt to {@link #decrypted} so the listener (the run's output masking) learns it.
 */
public final class VaultSecrets {
    /** No passwords: any vault data met is an error that says which option to give. */
    public static final VaultSecrets NONE = new VaultSecrets(List.of(), v -> { });
    private static final String GIVE = "give --vault-password-file or --ask-vault-pass";

    private final List<VaultSecret> secrets;
    private final Consumer<String> onDecrypted;
    // the same file is read again by later plays; PBKDF2 is slow on purpose, so remember results
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public VaultSecrets(List<VaultSecret> secrets, Consumer<String> onDecrypted) {
        this.secrets = List.copyOf(secrets);
        this.onDecrypted = onDecrypted;
    }

    /** What decryption gave: the plaintext and the label of the password that opened it. */
    public record Opened(byte[] plaintext, String label) {
        public String text() {
            return new String(plaintext, StandardCharsets.UTF_8);
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public List<VaultSecret> secrets() {
        return secrets;
    }

    /** Tells the listener about a decrypted value, to be kept out of every output. */
    public void decrypted(String value) {
        onDecrypted.accept(value);
    }

    /** Decrypts a whole vault-encrypted file; {@code file} names it in messages. */
    public Opened openFile(String text, String file) {
        return open(text, file, 1, file, "file " + file + " is vault-encrypted");
    }

    /** Decrypts a {@code !vault} value whose header is on {@code line} of {@code file}. */
    public Opened openValue(String text, String file, int line) {
        return open(text, file, line, file + ":" + line, file + ":" + line + " holds a vault-encrypted value");
    }

    private Opened open(String text, String file, int line, String what, String encrypted) {
        Opened known = opened.get(text);
        if (known != null) return known;
        VaultEnvelope envelope = VaultEnvelope.parse(text, file, line);
        if (secrets.isEmpty()) throw new VaultException(encrypted + "; " + GIVE);
        List<VaultSecret> order = new ArrayList<>();
        secrets.stream().filter(s -> s.label().equals(labelOf(envelope))).forEach(order::add);
        secrets.stream().filter(s -> !order.contains(s)).forEach(order::add);
        for (VaultSecret s : order) {
            Optional<byte[]> plain = VaultCipher.decrypt(envelope, s.password());
            if (plain.isPresent()) {
                Opened o = new Opened(plain.get(), s.label());
                opened.put(text, o);
                return o;
            }
        }
        List<String> ids = secrets.stream().map(VaultSecret::label).distinct().toList();
        // a 1.2 envelope names its vault-id: say so when no password given carries that label
        String hint = envelope.label() == null || ids.contains(envelope.label()) ? "" : "; it was encrypted for vault-id " + envelope.label();
        throw new VaultException("cannot decrypt " + what + " with the given vault password" + (secrets.size() > 1 ? "s" : "")
                + " (vault-id" + (ids.size() > 1 ? "s " : " ") + String.join(", ", ids) + ")" + hint);
    }

    private static String labelOf(VaultEnvelope e) {
        return e.label() == null ? VaultSecret.DEFAULT_LABEL : e.label();
    }

    /**
     * Encrypts with the password labelled {@code label}, or the only password when label is null.
     * A label other than {@code default} is written into the header (format 1.2).
     */
    public String encrypt(byte[] plaintext, String label) {
        VaultSecret s = encryptingSecret(label);
        String written = s.label().equals(VaultSecret.DEFAULT_LABEL) ? null : s.label();
        return VaultCipher.encrypt(plaintext, s.password(), written, new SecureRandom()).format();
    }

    private VaultSecret encryptingSecret(String label) {
        if (secrets.isEmpty()) throw new VaultException("no vault password to encrypt with; " + GIVE);
        if (label != null) {
            return secrets.stream().filter(s -> s.label().equals(label)).findFirst()
                    .orElseThrow(() -> new VaultException("no vault password labelled " + label + " (given: "
                            + secrets.stream().map(VaultSecret::label).collect(Collectors.joining(", ")) + ")"));
        }
        List<String> labels = secrets.stream().map(VaultSecret::label).distinct().toList();
        if (labels.size() > 1) {
            throw new VaultException("vault-ids " + String.join(", ", labels) + " are given; say which one encrypts with --encrypt-vault-id");
        }
        return secrets.get(0);
    }
}
