package dev.bollard.modules.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Just enough OpenPGP to name the keys of an apt keyring without gpg on either side: armor is
 * taken off, the packets walked, and the fingerprint of every public key and subkey computed
 * (SHA-1 for v4 keys, SHA-256 for v6), as {@code gpg --show-keys} would print them.
 */
final class OpenPgpKeys {
    private static final String ARMOR_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private OpenPgpKeys() {
    }

    static boolean armored(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(ARMOR_BEGIN);
    }

    /** One public key or subkey: its fingerprint (upper-case hex), and whether it is a primary key. */
    record Key(String fingerprint, boolean primary) {
    }

    /** The fingerprints (upper-case hex) of the primary keys and subkeys in armored or binary key data. */
    static List<String> fingerprints(byte[] data) {
        return keys(data).stream().map(Key::fingerprint).toList();
    }

    /** The fingerprints of the primary keys only. */
    static List<String> primaryFingerprints(byte[] data) {
        return keys(data).stream().filter(Key::primary).map(Key::fingerprint).toList();
    }

    static List<Key> keys(byte[] data) {
        byte[] bin = armored(data) ? dearmor(new String(data, StandardCharsets.US_ASCII)) : data;
        List<Key> out = new ArrayList<>();
        int i = 0;
        while (i < bin.length) {
            int tagByte = bin[i] & 0xff;
            if ((tagByte & 0x80) == 0) throw new IllegalArgumentException("not OpenPGP key data (bad packet header at byte " + i + ")");
            int tag;
            long len;
            int pos;
            if ((tagByte & 0x40) != 0) {
                tag = tagByte & 0x3f;
                if (i + 1 >= bin.length) throw truncated();
                int first = bin[i + 1] & 0xff;
                if (first < 192) {
                    len = first;
                    pos = i + 2;
                } else if (first < 224) {
                    if (i + 2 >= bin.length) throw truncated();
                    len = ((first - 192) << 8) + (bin[i + 2] & 0xff) + 192;
                    pos = i + 3;
                } else if (first == 255) {
                    if (i + 5 >= bin.length) throw truncated();
                    len = ((long) (bin[i + 2] & 0xff) << 24) | ((bin[i + 3] & 0xff) << 16) | ((bin[i + 4] & 0xff) << 8) | (bin[i + 5] & 0xff);
                    pos = i + 6;
                } else {
                    throw new IllegalArgumentException("partial-length packets are not key data");
                }
            } else {
                tag = (tagByte >> 2) & 0x0f;
                int lenType = tagByte & 0x03;
                int n = lenType == 0 ? 1 : lenType == 1 ? 2 : lenType == 2 ? 4 : -1;
                if (n < 0) throw new IllegalArgumentException("indeterminate-length packets are not key data");
                if (i + n >= bin.length) throw truncated();
                len = 0;
                for (int k = 1; k <= n; k++) len = (len << 8) | (bin[i + k] & 0xff);
                pos = i + 1 + n;
            }
            if (pos + len > bin.length) throw truncated();
            if (tag == 6 || tag == 14) out.add(new Key(fingerprint(bin, pos, (int) len), tag == 6));
            i = (int) (pos + len);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no public key in the key data");
        return out;
    }

    /** Whether {@code id} (a short or long key id or a fingerprint, 0x prefix and spaces allowed) names one of the keys. */
    static boolean matches(List<String> fingerprints, String id) {
        String want = normalizeId(id);
        return fingerprints.stream().anyMatch(f -> f.endsWith(want));
    }

    static String normalizeId(String id) {
        String s = id.replace(" ", "").toUpperCase(Locale.ROOT);
        return s.startsWith("0X") ? s.substring(2) : s;
    }

    static boolean validId(String id) {
        String s = normalizeId(id);
        return s.matches("[0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64}");
    }

    /** The long key id of the first primary key: the last 16 hex digits of a v4 fingerprint, the first 16 of a v6 one. */
    static String longId(String fingerprint) {
        return fingerprint.length() == 40 ? fingerprint.substring(24) : fingerprint.substring(0, 16);
    }

    private static IllegalArgumentException truncated() {
        return new IllegalArgumentException("truncated OpenPGP key data");
    }

    private static String fingerprint(byte[] bin, int pos, int len) {
        if (len < 1) throw truncated();
        int version = bin[pos] & 0xff;
        try {
            MessageDigest md;
            if (version == 4) {
                md = MessageDigest.getInstance("SHA-1");
                md.update(new byte[] {(byte) 0x99, (byte) (len >> 8), (byte) len});
            } else if (version == 6) {
                md = MessageDigest.getInstance("SHA-256");
                md.update(new byte[] {(byte) 0x9b, (byte) (len >>> 24), (byte) (len >> 16), (byte) (len >> 8), (byte) len});
            } else {
                throw new IllegalArgumentException("OpenPGP key version " + version + " is not supported (only 4 and 6)");
            }
            md.update(bin, pos, len);
            return HexFormat.of().withUpperCase().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The binary packets of every armored block in the text. */
    static byte[] dearmor(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] lines = text.split("\r?\n");
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].strip().equals(ARMOR_BEGIN)) {
                i++;
                continue;
            }
            i++;
            // armor headers end at the first blank line
            int headersEnd = i;
            while (headersEnd < lines.length && !lines[headersEnd].isBlank() && lines[headersEnd].contains(": ")) headersEnd++;
            if (headersEnd < lines.length && lines[headersEnd].isBlank()) i = headersEnd + 1;
            StringBuilder b64 = new StringBuilder();
            while (i < lines.length && !lines[i].startsWith("-----END")) {
                String l = lines[i].strip();
                if (!l.startsWith("=") && !l.isEmpty()) b64.append(l);
                i++;
            }
            try {
                out.writeBytes(Base64.getDecoder().decode(b64.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the armored key block is not valid base64");
            }
        }
        return out.toByteArray();
    }
}
