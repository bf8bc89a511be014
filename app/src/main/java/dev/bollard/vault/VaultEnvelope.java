package dev.bollard.vault;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Vault data as text: a header line ({@code $ANSIBLE_VAULT;1.1;AES256}, or
 * {@code $ANSIBLE_VAULT;1.2;AES256;LABEL} when a vault-id other than {@code default} encrypted it)
 * and lines of 80 hex digits. The hex decodes to three more lines of hex: salt, HMAC, ciphertext.
 */
public final class VaultEnvelope {
    static final String MAGIC = "$ANSIBLE_VAULT";
    private static final String CIPHER = "AES256";
    private static final int WIDTH = 80;
    private static final HexFormat HEX = HexFormat.of();

    private final String label;
    private final byte[] salt;
    private final byte[] hmac;
    private final byte[] ciphertext;

    VaultEnvelope(String label, byte[] salt, byte[] hmac, byte[] ciphertext) {
        this.label = label;
        this.salt = salt.clone();
        this.hmac = hmac.clone();
        this.ciphertext = ciphertext.clone();
    }

    /** True when the text is vault data (it starts with the vault header), as ansible-vault decides it. */
    public static boolean isVault(String text) {
        return text != null && text.startsWith(MAGIC + ";");
    }

    /**
     * Reads an envelope. {@code where} names the source in messages ({@code secrets.yml}) and
     * {@code headerLine} is the line of the header in it, so a bad line can be named.
     */
    public static VaultEnvelope parse(String text, String where, int headerLine) {
        String[] lines = text.split("\r?\n", -1);
        String[] header = lines[0].strip().split(";");
        if (header.length < 3 || !header[0].strip().equals(MAGIC)) {
            throw malformed(where, headerLine, "the first line must be $ANSIBLE_VAULT;1.1;AES256 or $ANSIBLE_VAULT;1.2;AES256;LABEL");
        }
        String version = header[1].strip();
        if (!version.equals("1.1") && !version.equals("1.2")) {
            throw malformed(where, headerLine, "vault format " + version + " is not known (1.1 and 1.2 are)");
        }
        if (!header[2].strip().equals(CIPHER)) {
            throw malformed(where, headerLine, "cipher " + header[2].strip() + " is not supported (ansible-vault writes AES256)");
        }
        String label = version.equals("1.2") && header.length > 3 && !header[3].isBlank() ? header[3].strip() : null;
        StringBuilder hex = new StringBuilder();
        int lastLine = headerLine;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty()) continue;
            if (!l.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw malformed(where, headerLine + i, "not hexadecimal (vault data was edited or cut)");
            }
            hex.append(l);
            lastLine = headerLine + i;
        }
        if (hex.length() == 0) throw malformed(where, headerLine, "no encrypted data after the vault header");
        if (hex.length() % 2 != 0) throw malformed(where, lastLine, "an odd number of hex digits (vault data was cut)");
        String inner = new String(HEX.parseHex(hex), StandardCharsets.ISO_8859_1);
        String[] parts = inner.split("\n", -1);
        if (parts.length != 3 || !isHex(parts[0]) || !isHex(parts[1]) || !isHex(parts[2])) {
            throw malformed(where, headerLine + 1, "the encrypted data is not salt, HMAC and ciphertext (not written by ansible-vault?)");
        }
        byte[] mac = HEX.parseHex(parts[1]);
        byte[] cipher = HEX.parseHex(parts[2]);
        if (mac.length != 32 || parts[0].isEmpty() || cipher.length == 0 || cipher.length % 16 != 0) {
            throw malformed(where, headerLine + 1, "salt, HMAC or ciphertext has the wrong length (vault data was damaged)");
        }
        return new VaultEnvelope(label, HEX.parseHex(parts[0]), mac, cipher);
    }

    private static boolean isHex(String s) {
        return s.length() % 2 == 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static VaultException malformed(String where, int line, String what) {
        return new VaultException(where + ":" + line + ": malformed vault data: " + what);
    }

    /** The text ansible-vault writes: header, then the payload in lines of 80, each ending in a newline. */
    public String format() {
        String inner = HEX.formatHex(salt) + "\n" + HEX.formatHex(hmac) + "\n" + HEX.formatHex(ciphertext);
        String outer = HEX.formatHex(inner.getBytes(StandardCharsets.US_ASCII));
        StringBuilder s = new StringBuilder(MAGIC).append(label == null ? ";1.1;" : ";1.2;").append(CIPHER);
        if (label != null) s.append(';').append(label);
        s.append('\n');
        for (int i = 0; i < outer.length(); i += WIDTH) s.append(outer, i, Math.min(outer.length(), i + WIDTH)).append('\n');
        return s.toString();
    }

    /** The vault-id the data was encrypted for (format 1.2), or null (format 1.1: {@code default}). */
    public String label() {
        return label;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] hmac() {
        return hmac.clone();
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }
}
