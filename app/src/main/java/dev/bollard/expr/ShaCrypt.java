package dev.bollard.expr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-512 and SHA-256 crypt (the {@code $6$} and {@code $5$} of /etc/shadow). One digest object
 * is reused for all rounds: at Ansible's default of 656000 rounds, fetching a new one per round
 * (as general-purpose libraries do) costs several times the hashing itself.
 */
final class ShaCrypt {
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The order in which the final digest's bytes are written, three at a time. */
    private static final int[] ORDER_512 = {0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7,
        50, 8, 29, 9, 30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38,
        18, 39, 60, 40, 61, 19, 62, 20, 41};
    private static final int[] ORDER_256 = {0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17,
        18, 28, 8, 9, 19, 29};

    private ShaCrypt() {
    }

    /** {@code $6$[rounds=N$]salt$hash} (or {@code $5$}); {@code rounds} 5000 is left out of the result, as crypt(3) does. */
    static String crypt(String password, String salt, int rounds, boolean sha512) {
        MessageDigest md = digest(sha512 ? "SHA-512" : "SHA-256");
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        byte[] s = salt.getBytes(StandardCharsets.UTF_8);
        int size = md.getDigestLength();

        md.update(p);
        md.update(s);
        md.update(p);
        byte[] b = md.digest();

        md.update(p);
        md.update(s);
        for (int n = p.length; n > 0; n -= size) md.update(b, 0, Math.min(n, size));
        for (int n = p.length; n > 0; n >>= 1) {
            if ((n & 1) != 0) md.update(b);
            else md.update(p);
        }
        byte[] c = md.digest();

        for (int i = 0; i < p.length; i++) md.update(p);
        byte[] pSeq = repeat(md.digest(), p.length);
        for (int i = 0; i < 16 + (c[0] & 0xff); i++) md.update(s);
        byte[] sSeq = repeat(md.digest(), s.length);

        for (int i = 0; i < rounds; i++) {
            if ((i & 1) != 0) md.update(pSeq);
            else md.update(c);
            if (i % 3 != 0) md.update(sSeq);
            if (i % 7 != 0) md.update(pSeq);
            if ((i & 1) != 0) md.update(c);
            else md.update(pSeq);
            c = md.digest();
        }

        StringBuilder out = new StringBuilder(sha512 ? "$6$" : "$5$");
        if (rounds != 5000) out.append("rounds=").append(rounds).append('$');
        out.append(salt).append('$');
        int[] order = sha512 ? ORDER_512 : ORDER_256;
        for (int i = 0; i + 2 < order.length; i += 3) {
            encode(out, ((c[order[i]] & 0xff) << 16) | ((c[order[i + 1]] & 0xff) << 8) | (c[order[i + 2]] & 0xff), 4);
        }
        if (sha512) encode(out, c[63] & 0xff, 2);
        else encode(out, ((c[31] & 0xff) << 8) | (c[30] & 0xff), 3);
        return out.toString();
    }

    private static byte[] repeat(byte[] d, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = d[i % d.length];
        return out;
    }

    private static void encode(StringBuilder out, int value, int chars) {
        for (int i = 0; i < chars; i++) {
            out.append(ITOA64.charAt(value & 0x3f));
            value >>>= 6;
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
