package dev.bollard.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** A damaged envelope is named by file and line, before any password is tried. */
class VaultEnvelopeTest {
    private static final String GOOD = VaultCipher.encrypt("a: 1\n".getBytes(StandardCharsets.UTF_8),
            "pw-pw".getBytes(StandardCharsets.UTF_8), null, new SecureRandom()).format();

    private static String error(String text, int headerLine) {
        return assertThrows(VaultException.class, () -> VaultEnvelope.parse(text, "secrets.yml", headerLine)).getMessage();
    }

    @Test
    void recognisesVaultText() {
        assertTrue(VaultEnvelope.isVault(GOOD));
        assertFalse(VaultEnvelope.isVault("a: $ANSIBLE_VAULT;1.1;AES256"));
        assertFalse(VaultEnvelope.isVault(""));
    }

    @Test
    void toleratesIndentationAndCarriageReturns() {
        String indented = GOOD.replace("\n", "\r\n      ");
        VaultEnvelope.parse(indented, "secrets.yml", 1);
    }

    @Test
    void namesTheLineThatIsNotHex() {
        String[] lines = GOOD.split("\n");
        lines[3] = lines[3].substring(0, 10) + "zz" + lines[3].substring(12);
        assertEquals("secrets.yml:4: malformed vault data: not hexadecimal (vault data was edited or cut)", error(String.join("\n", lines), 1));
        assertTrue(error(String.join("\n", lines), 7).startsWith("secrets.yml:10: "), "counted from the header's line");
    }

    @Test
    void headerProblems() {
        String body = GOOD.substring(GOOD.indexOf('\n'));
        assertTrue(error("$ANSIBLE_VAULT;1.0;AES256" + body, 1).contains("secrets.yml:1: malformed vault data: vault format 1.0 is not known"));
        assertTrue(error("$ANSIBLE_VAULT;1.1;AES128" + body, 1).contains("cipher AES128 is not supported"));
        assertTrue(error("$ANSIBLE_VAULT" + body, 1).contains("the first line must be $ANSIBLE_VAULT;1.1;AES256"));
        assertTrue(error("$ANSIBLE_VAULT;1.1;AES256\n", 1).contains("no encrypted data after the vault header"));
    }

    @Test
    void cutOrForeignPayloads() {
        String cut = GOOD.strip();
        assertTrue(error(cut.substring(0, cut.length() - 1), 1).contains("an odd number of hex digits"));
        assertTrue(error("$ANSIBLE_VAULT;1.1;AES256\n6162630a6465660a", 1).contains("secrets.yml:2: malformed vault data: the encrypted data is not salt, HMAC and ciphertext"));
        String shortMac = "$ANSIBLE_VAULT;1.1;AES256\n" + java.util.HexFormat.of().formatHex("aa\nbb\ncc".getBytes(StandardCharsets.US_ASCII));
        assertTrue(error(shortMac, 1).contains("the wrong length"));
    }
}
