package dev.bollard.expr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.codec.digest.Md5Crypt;

/**
 * The {@code password_hash} filter, byte for byte as Ansible writes it with passlib: sha512 and
 * sha256 crypt with Ansible's default rounds (656000 and 535000) written into the hash, md5 crypt.
 * Hashing with a given salt is repeated for every host and task, and at 656000 rounds that is
 * slow, so recent results are kept (under a digest of their input, never the password itself).
 */
final class PasswordHash {
    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int CACHE_SIZE = 256;
    private static final Map<String, String> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private PasswordHash() {
    }

    static String hash(String password, String scheme, String salt, Integer rounds) {
        String algorithm = switch (scheme) {
            case "sha512", "sha512_crypt" -> "6";
            case "sha256", "sha256_crypt" -> "5";
            case "md5", "md5_crypt" -> "1";
            default -> throw new IllegalArgumentException("password_hash: '" + scheme + "' is not available in Bollard (use sha512, sha256 or md5)");
        };
        if (salt != null && !salt.matches("[./0-9A-Za-z]*")) throw new IllegalArgumentException("password_hash: invalid characters in salt");
        int maxSalt = algorithm.equals("1") ? 8 : 16;
        if (salt != null && salt.length() > maxSalt) {
            throw new IllegalArgumentException("password_hash: salt too large (" + scheme + " takes at most " + maxSalt + " characters)");
        }
        if (salt == null || salt.isEmpty()) return compute(password, algorithm, randomSalt(maxSalt), rounds);
        String key = digest(password + '\0' + algorithm + '\0' + salt + '\0' + rounds);
        synchronized (RECENT) {
            String known = RECENT.get(key);
            if (known != null) return known;
        }
        String out = compute(password, algorithm, salt, rounds);
        synchronized (RECENT) {
            RECENT.put(key, out);
        }
        return out;
    }

    private static String compute(String password, String algorithm, String salt, Integer rounds) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        if (algorithm.equals("1")) return Md5Crypt.md5Crypt(secret, "$1$" + salt);
        // Ansible asks passlib for these rounds when none are given; passlib writes any count but 5000 into the hash
        int n = rounds != null ? rounds : algorithm.equals("6") ? 656000 : 535000;
        // crypt(3) takes no fewer than 1000 rounds
        return ShaCrypt.crypt(password, salt, Math.max(1000, n), algorithm.equals("6"));
    }

    private static String randomSalt(int length) {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(SALT_CHARS.charAt(r.nextInt(SALT_CHARS.length())));
        return sb.toString();
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
