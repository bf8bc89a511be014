package dev.bollard.engine;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every secret the run knows of (passwords, decrypted vault values); anything printed passes
 * through {@link #mask} first. Values shorter than three characters are not masked: hiding every
 * "1" or "ok" would make the output useless and hide nothing.
 */
public final class Secrets implements dev.bollard.journal.Redactor {
    public static final String MASK = "********";
    private final List<String> values = new CopyOnWriteArrayList<>();

    public synchronized void add(String secret) {
        if (secret == null) return;
        remember(secret);
        // a diff shows a multi-line secret line by line, each with a prefix: mask each line too
        if (secret.indexOf('\n') >= 0) {
            for (String line : secret.split("\r?\n")) remember(line.strip());
        }
    }

    private void remember(String secret) {
        if (secret.length() >= 3 && !values.contains(secret)) {
            values.add(secret);
            values.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    public void addAll(Collection<String> secrets) {
        secrets.forEach(this::add);
    }

    /** Whether the bytes hold any secret, byte for byte as UTF-8 writes it. */
    @Override
    public boolean reveals(byte[] content) {
        if (content == null || values.isEmpty()) return false;
        String bytes = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String s : values) {
            if (bytes.contains(new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1))) return true;
        }
        return false;
    }

    @Override
    public String mask(String text) {
        if (text == null || values.isEmpty()) return text;
        String out = text;
        for (String s : values) {
            if (out.contains(s)) out = out.replace(s, MASK);
        }
        return out;
    }
}
