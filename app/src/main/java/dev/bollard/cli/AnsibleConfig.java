package dev.bollard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of an Ansible user's {@code ansible.cfg} that Bollard reads. The file is found as
 * Ansible finds it, the first that exists: {@code $ANSIBLE_CONFIG} (a file, or a directory holding
 * {@code ansible.cfg}), {@code ansible.cfg} in the current directory (unless the directory is
 * world-writable), {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}. It is read as
 * Python's configparser reads it for Ansible: {@code [section]}, {@code key = value} or
 * {@code key: value}, keys in any case, indented continuation lines, {@code #} and {@code ;}
 * comment lines, {@code ;} starting an inline comment. Keys Bollard does not read are ignored, as
 * an Ansible user's file has dozens; a line that is none of these is an error naming file:line.
 * Paths are relative to the file's directory, as in Ansible.
 */
final class AnsibleConfig {
    /** A setting as written, with its line for messages. */
    record Entry(String value, int line) {
    }

    static final AnsibleConfig NONE = new AnsibleConfig(null, Map.of());

    private final Path file;
    private final Map<String, Map<String, Entry>> sections;

    private AnsibleConfig(Path file, Map<String, Map<String, Entry>> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** A malformed file or setting; the message names file:line. */
    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    /** The file Ansible would read, looked for from {@code cwd} with {@code env} and {@code home}; empty when there is none. */
    static Optional<Path> find(Map<String, String> env, Path cwd, Path home) {
        List<Path> candidates = new java.util.ArrayList<>();
        String fromEnv = env.get("ANSIBLE_CONFIG");
        if (fromEnv != null) {
            Path p = expand(fromEnv, home, cwd);
            candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
        }
        if (cwd != null && !worldWritable(cwd)) candidates.add(cwd.resolve("ansible.cfg"));
        if (home != null) candidates.add(home.resolve(".ansible.cfg"));
        candidates.add(Path.of("/etc/ansible/ansible.cfg"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isReadable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static boolean worldWritable(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Finds and reads the file; {@link #NONE} when there is none. */
    static AnsibleConfig load(Map<String, String> env, Path cwd, Path home) throws ConfigException {
        Optional<Path> found = find(env, cwd, home);
        return found.isEmpty() ? NONE : read(found.get());
    }

    static AnsibleConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file);
    }

    static AnsibleConfig parse(String text, Path file) throws ConfigException {
        Map<String, Map<String, Entry>> sections = new HashMap<>();
        Map<String, Entry> section = null;
        String lastKey = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            String where = file + ":" + (i + 1) + ": ";
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                if (line.isEmpty()) lastKey = null;
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
                Entry e = section.get(lastKey);
                section.put(lastKey, new Entry(e.value() + "\n" + uncommented(line), e.line()));
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) throw new ConfigException(where + "cannot read section header '" + line + "'");
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name)) throw new ConfigException(where + "section [" + name + "] is given twice");
                section = new HashMap<>();
                sections.put(name, section);
                lastKey = null;
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (at <= 0) throw new ConfigException(where + "expected 'key = value', a [section] or a comment, not '" + line + "'");
            if (section == null) throw new ConfigException(where + "'" + line + "' comes before any [section] (such as [defaults])");
            String key = line.substring(0, at).strip().toLowerCase(Locale.ROOT);
            if (section.containsKey(key)) {
                throw new ConfigException(where + "'" + key + "' is given twice in its section (also on line " + section.get(key).line() + ")");
            }
            section.put(key, new Entry(uncommented(line.substring(at + 1).strip()), i + 1));
            lastKey = key;
        }
        return new AnsibleConfig(file, sections);
    }

    /** A value without its inline comment: {@code ;} after whitespace, as Ansible's parser takes it. */
    private static String uncommented(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == ';' && Character.isWhitespace(value.charAt(i - 1))) return value.substring(0, i).strip();
        }
        return value.startsWith(";") ? "" : value;
    }

    Path file() {
        return file;
    }

    Optional<Entry> entry(String section, String key) {
        Map<String, Entry> s = sections.get(section);
        Entry e = s == null ? null : s.get(key);
        return e == null || e.value().isEmpty() ? Optional.empty() : Optional.of(e);
    }

    Optional<String> string(String section, String key) {
        return entry(section, key).map(Entry::value);
    }

    /** A path, {@code ~} expanded and relative to the file's directory. */
    Optional<Path> path(String section, String key) {
        return string(section, key).map(v -> expand(v, home(), file.toAbsolutePath().getParent()));
    }

    /** A colon-separated list of paths (roles_path), each as {@link #path}, joined again with colons. */
    Optional<String> pathList(String section, String key) {
        return string(section, key).map(v -> String.join(":", java.util.Arrays.stream(v.split(":")).filter(p -> !p.isBlank())
                .map(p -> expand(p.strip(), home(), file.toAbsolutePath().getParent()).toString()).toList()));
    }

    Optional<Boolean> bool(String section, String key) throws ConfigException {
        Optional<Entry> e = entry(section, key);
        if (e.isEmpty()) return Optional.empty();
        return switch (e.get().value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1", "y", "t" -> Optional.of(true);
            case "false", "no", "off", "0", "n", "f" -> Optional.of(false);
            default -> throw new ConfigException(file + ":" + e.get().line() + ": " + key + " must be true or false, not '" + e.get().value() + "'");
        };
    }

    Optional<Integer> integer(String section, String key, int min) throws ConfigException {
        Optional<Entry> e = entry(section, key);
        if (e.isEmpty()) return Optional.empty();
        try {
            int n = Integer.parseInt(e.get().value());
            if (n >= min) return Optional.of(n);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(file + ":" + e.get().line() + ": " + key + " must be a whole number of at least " + min + ", not '" + e.get().value() + "'");
    }

    /** Where a setting is written, for messages: {@code ansible.cfg:3}. */
    String where(String section, String key) {
        return entry(section, key).map(e -> file + ":" + e.line()).orElse(String.valueOf(file));
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    private static Path expand(String value, Path home, Path base) {
        String v = value;
        if (home != null && (v.equals("~") || v.startsWith("~/"))) v = home + v.substring(1);
        Path p = Path.of(v);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
