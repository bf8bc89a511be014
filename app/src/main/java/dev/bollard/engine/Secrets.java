package dev.bollard.engine;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every password the run knows of; anything printed passes through {@link #mask} first. */
public final class Secrets {
    public static final String MASK = "********";
    private final List<String> values = new CopyOnWriteArrayList<>();

    public void add(String secret) {
        if (secret != null && secret.length() >= 3 && !values.contains(secret)) {
            values.add(secret);
            values.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    public void addAll(Collection<String> secrets) {
        secrets.forEach(this::add);
    }

    public String mask(String text) {
        if (text == null || values.isEmpty()) return text;
        String out = text;
        for (String s : values) {
            if (out.contains(s)) out = out.replace(s, MASK);
        }
        return out;
    }
}
