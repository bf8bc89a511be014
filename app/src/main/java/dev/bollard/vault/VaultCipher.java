package dev.bollard.vault;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ansible-vault's AES256 scheme. PBKDF2-HMAC-SHA256 (10000 rounds) over the password and a random
 * 32-byte salt yields 80 bytes: an AES-256 key, an HMAC-SHA256 key and a 16-byte initial counter.
 * The plaintext is PKCS#7-padded (CTR mode does not need it, but the format has it), encrypted
 * with AES-256-CTR, and the HMAC is taken over the ciphertext (encrypt-then-MAC).
 */
final class VaultCipher {
    static final int ITERATIONS = 10_000;
    private static final int KEY = 32;
    private static final int IV = 16;
    private static final int BLOCK = 16;

    private VaultCipher() {
    }

    static VaultEnvelope encrypt(byte[] plaintext, byte[] password, String label, SecureRandom random) {
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        Keys k = Keys.derive(password, salt);
        byte[] ciphertext = ctr(k, pad(plaintext));
        return new VaultEnvelope(label, salt, mac(k, ciphertext), ciphertext);
    }

    /** The plaintext, or empty when this password did not encrypt the data (its HMAC does not match). */
    static Optional<byte[]> decrypt(VaultEnvelope envelope, byte[] password) {
        Keys k = Keys.derive(password, envelope.salt());
        byte[] ciphertext = envelope.ciphertext();
        // checked before decrypting, and in constant time, so a wrong password reveals nothing
        if (!MessageDigest.isEqual(mac(k, ciphertext), envelope.hmac())) return Optional.empty();
        return unpad(ctr(k, ciphertext));
    }

    private record Keys(byte[] aes, byte[] hmac, byte[] iv) {
        static Keys derive(byte[] password, byte[] salt) {
            byte[] d = pbkdf2(password, salt, ITERATIONS, 2 * KEY + IV);
            return new Keys(Arrays.copyOfRange(d, 0, KEY), Arrays.copyOfRange(d, KEY, 2 * KEY), Arrays.copyOfRange(d, 2 * KEY, 2 * KEY + IV));
        }
    }

    /**
     * PBKDF2 (RFC 8018) with HMAC-SHA256, written over {@link Mac} rather than the JDK's
     * {@code PBKDF2WithHmacSHA256} key factory because that one takes the password as characters,
     * while a vault password file may hold any bytes and Ansible uses them as they are.
     */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) {
        Mac mac = hmac(password);
        byte[] out = new byte[length];
        int blocks = (length + 31) / 32;
        for (int i = 1; i <= blocks; i++) {
            mac.update(salt);
            mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            byte[] u = mac.doFinal();
            byte[] t = u.clone();
            for (int n = 1; n < iterations; n++) {
                u = mac.doFinal(u);
                for (int j = 0; j < t.length; j++) t[j] ^= u[j];
            }
            int at = (i - 1) * 32;
            System.arraycopy(t, 0, out, at, Math.min(32, length - at));
        }
        return out;
    }

    private static byte[] mac(Keys k, byte[] data) {
        return hmac(k.hmac()).doFinal(data);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** CTR is its own inverse: the same call encrypts and decrypts. */
    private static byte[] ctr(Keys k, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.aes(), "AES"), new IvParameterSpec(k.iv()));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is missing from this Java runtime", e);
        }
    }

    static byte[] pad(byte[] data) {
        int n = BLOCK - data.length % BLOCK;
        byte[] out = Arrays.copyOf(data, data.length + n);
        Arrays.fill(out, data.length, out.length, (byte) n);
        return out;
    }

    static Optional<byte[]> unpad(byte[] data) {
        if (data.length == 0 || data.length % BLOCK != 0) return Optional.empty();
        int n = data[data.length - 1] & 0xff;
        if (n < 1 || n > BLOCK) return Optional.empty();
        for (int i = data.length - n; i < data.length; i++) {
            if ((data[i] & 0xff) != n) return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(data, data.length - n));
    }
}
