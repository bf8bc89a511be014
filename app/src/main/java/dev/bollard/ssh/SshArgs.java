package dev.bollard.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ssh command-line options of {@code ansible_ssh_common_args} / {@code ansible_ssh_extra_args}
 * that Bollard acts on: {@code -o Key=Value} for the keys in {@link #OPTIONS}, {@code -J}, {@code -p},
 * {@code -l}, {@code -i}, {@code -F}. Everything else is listed in {@link #notUnderstood()} so that
 * the caller can warn about it. As on ssh's command line, the first value of an option wins.
 */
public final class SshArgs {
    /** The -o options understood (lower case), with the config keyword each sets. */
    static final List<String> OPTIONS = List.of("proxyjump", "port", "user", "identityfile", "identitiesonly",
            "stricthostkeychecking", "userknownhostsfile", "serveraliveinterval", "serveralivecountmax", "connecttimeout",
            "hostname");

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> identityFiles = new ArrayList<>();
    private final List<String> notUnderstood = new ArrayList<>();
    private String configFile;

    private SshArgs() {
    }

    /** Parses the argument strings in order (common args first, then extra args); null ones are skipped. */
    public static SshArgs parse(String... texts) {
        SshArgs a = new SshArgs();
        for (String text : texts) {
            if (text == null || text.isBlank()) continue;
            List<String> w = split(text);
            for (int i = 0; i < w.size(); i++) {
                String arg = w.get(i);
                if (arg.length() >= 2 && arg.charAt(0) == '-' && "oJpliF".indexOf(arg.charAt(1)) >= 0) {
                    char flag = arg.charAt(1);
                    String value;
                    if (arg.length() > 2) {
                        value = arg.substring(2);
                    } else if (i + 1 < w.size()) {
                        value = w.get(++i);
                    } else {
                        a.notUnderstood.add(arg + " (no value)");
                        continue;
                    }
                    switch (flag) {
                        case 'o' -> a.option(value);
                        case 'J' -> a.set("proxyjump", value);
                        case 'p' -> a.set("port", value);
                        case 'l' -> a.set("user", value);
                        case 'i' -> a.identityFiles.add(value);
                        case 'F' -> {
                            if (a.configFile == null) a.configFile = value;
                        }
                        default -> a.notUnderstood.add(arg);
                    }
                } else {
                    a.notUnderstood.add(arg);
                }
            }
        }
        return a;
    }

    private void option(String text) {
        int eq = text.indexOf('=');
        String key;
        String value;
        if (eq > 0) {
            key = text.substring(0, eq).trim();
            value = text.substring(eq + 1).trim();
        } else {
            List<String> kv = SshConfig.words(text);
            key = kv.isEmpty() ? text : kv.get(0);
            value = kv.size() > 1 ? String.join(" ", kv.subList(1, kv.size())) : "";
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (!OPTIONS.contains(k) || value.isEmpty()) {
            notUnderstood.add("-o " + text);
        } else if (k.equals("identityfile")) {
            identityFiles.add(value);
        } else {
            set(k, value);
        }
    }

    private void set(String key, String value) {
        options.putIfAbsent(key, value);
    }

    /** Splits as a POSIX shell would for plain words and single/double quotes (no expansion). */
    static List<String> split(String text) {
        Words words = new Words();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) words.append(text.charAt(++i));
                else words.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                words.start();
            } else if (c == '\\' && i + 1 < text.length()) {
                words.append(text.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                words.end();
            } else {
                words.append(c);
            }
        }
        return words.list();
    }

    /** The -o options and their short forms, keyword (lower case) to its first value. */
    public Map<String, String> options() {
        return options;
    }

    public String get(String keyword) {
        return options.get(keyword.toLowerCase(Locale.ROOT));
    }

    /** -i and -o IdentityFile values, in order. */
    public List<String> identityFiles() {
        return identityFiles;
    }

    /** The -F file, or null. */
    public String configFile() {
        return configFile;
    }

    /** Each argument Bollard does not act on, as written. */
    public List<String> notUnderstood() {
        return notUnderstood;
    }
}
