package dev.bollard.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** The AES256 scheme alone: key derivation, padding, encrypt-then-MAC, the text envelope. */
class VaultCipherTest {
    private static final byte[] PW = "correct horse".getBytes(StandardCharsets.UTF_8);

    @Test
    void pbkdf2MatchesTheJdksImplementation() throws Exception {
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        for (int iterations : new int[] {1, 2, VaultCipher.ITERATIONS}) {
            var spec = new PBEKeySpec("correct horse".toCharArray(), salt, iterations, 80 * 8);
            byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            assertArrayEquals(jdk, VaultCipher.pbkdf2(PW, salt, iterations, 80), "iterations " + iterations);
        }
    }

    @Test
    void pbkdf2KnownAnswer() {
        // RFC 7914, section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64)
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
                HexFormat.of().formatHex(VaultCipher.pbkdf2("passwd".getBytes(StandardCharsets.US_ASCII),
                        "salt".getBytes(StandardCharsets.US_ASCII), 1, 64)));
    }

    @Test
    void roundTripThroughTheTextForm() {
        for (int size : new int[] {0, 1, 15, 16, 17, 1000}) {
            byte[] plain = new byte[size];
            new SecureRandom().nextBytes(plain);
            String text = VaultCipher.encrypt(plain, PW, null, new SecureRandom()).format();
            VaultEnvelope back = VaultEnvelope.parse(text, "t", 1);
            assertArrayEquals(plain, VaultCipher.decrypt(back, PW).orElseThrow(), "size " + size);
        }
    }

    @Test
    void theTextIsAnsiblesLayout() {
        String text = VaultCipher.encrypt("hello".getBytes(StandardCharsets.UTF_8), PW, null, new SecureRandom()).format();
        String[] lines = text.split("\n");
        assertEquals("$ANSIBLE_VAULT;1.1;AES256", lines[0]);
        for (int i = 1; i < lines.length - 1; i++) assertEquals(80, lines[i].length(), "line " + i);
        assertTrue(text.endsWith("\n"));
        String labelled = VaultCipher.encrypt(new byte[3], PW, "prod", new SecureRandom()).format();
        assertTrue(labelled.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"), labelled);
        assertEquals("prod", VaultEnvelope.parse(labelled, "t", 1).label());
    }

    @Test
    void aWrongPasswordOrAChangedByteIsRefusedByTheHmac() {
        VaultEnvelope e = VaultCipher.encrypt("secret".getBytes(StandardCharsets.UTF_8), PW, null, new SecureRandom());
        assertTrue(VaultCipher.decrypt(e, "correct horse!".getBytes(StandardCharsets.UTF_8)).isEmpty());
        byte[] c = e.ciphertext();
        c[0] ^= 1;
        assertTrue(VaultCipher.decrypt(new VaultEnvelope(null, e.salt(), e.hmac(), c), PW).isEmpty());
    }

    @Test
    void pkcs7AlwaysAddsPadding() {
        assertEquals(32, VaultCipher.pad(new byte[16]).length, "a full block gets a whole block of padding");
        byte[] padded = VaultCipher.pad(new byte[] {1, 2, 3});
        assertEquals(16, padded.length);
        assertEquals(13, padded[15]);
        assertArrayEquals(new byte[] {1, 2, 3}, VaultCipher.unpad(padded).orElseThrow());
        byte[] bad = Arrays.copyOf(padded, 16);
        bad[14] = 12;
        assertTrue(VaultCipher.unpad(bad).isEmpty());
    }

    @Test
    void samePlaintextTwiceGivesDifferentText() {
        byte[] plain = "x".getBytes(StandardCharsets.UTF_8);
        String a = VaultCipher.encrypt(plain, PW, null, new SecureRandom()).format();
        String b = VaultCipher.encrypt(plain, PW, null, new SecureRandom()).format();
        assertTrue(!a.equals(b), "a fresh salt each time");
        assertNull(VaultEnvelope.parse(a, "t", 1).label());
    }
}
