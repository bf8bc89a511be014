package dev.bollard.ssh;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of OpenSSH's client configuration ({@code ~/.ssh/config}) Bollard acts on: {@code Host}
 * blocks with their patterns ({@code *}, {@code ?}, {@code !negation}, several per line) and the
 * keywords in {@link #KNOWN}. As in OpenSSH the first value found for a keyword wins, except
 * {@code IdentityFile}, which accumulates. Other keywords are ignored silently, as config files carry
 * many; {@code Match} blocks other than {@code Match all} never match; {@code Include} is followed.
 */
public final class SshConfig {
    /** Keywords (lower case) whose values are kept. */
    static final List<String> KNOWN = List.of("hostname", "user", "port", "identityfile", "identitiesonly", "proxyjump",
            "connecttimeout", "serveraliveinterval", "serveralivecountmax", "userknownhostsfile", "stricthostkeychecking");

    public static final SshConfig EMPTY = new SshConfig(List.of());

    private record Block(List<String> patterns, boolean never, List<String[]> options) {
    }

    private final List<Block> blocks;

    private SshConfig(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** The config in {@code file}; an empty one when the file does not exist. */
    public static SshConfig load(Path file) throws IOException {
        if (file == null || !Files.exists(file)) return EMPTY;
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*"), false, new ArrayList<>()));
        read(file, blocks, 0);
        return new SshConfig(blocks);
    }

    /** The config in {@code text} (tests; Include is relative to ~/.ssh). */
    public static SshConfig parse(String text) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*"), false, new ArrayList<>()));
        try {
            readLines(text.lines().toList(), blocks, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new SshConfig(blocks);
    }

    private static void read(Path file, List<Block> blocks, int depth) throws IOException {
        readLines(Files.readAllLines(file), blocks, depth);
    }

    private static void readLines(List<String> lines, List<Block> blocks, int depth) throws IOException {
        Block current = blocks.get(blocks.size() - 1);
        for (String raw : lines) {
            List<String> words = words(raw);
            if (words.isEmpty()) continue;
            String key = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            if (key.equals("host")) {
                current = new Block(List.copyOf(args), false, new ArrayList<>());
                blocks.add(current);
            } else if (key.equals("match")) {
                boolean all = args.size() == 1 && args.get(0).equalsIgnoreCase("all");
                current = new Block(List.of("*"), !all, new ArrayList<>());
                blocks.add(current);
            } else if (key.equals("include") && depth < 16) {
                // an Include inside a block applies under that block's condition: its Host lines start new blocks,
                // and what follows the Include belongs to the enclosing block again
                Block enclosing = current;
                for (String pattern : args) {
                    for (Path p : glob(pattern)) read(p, blocks, depth + 1);
                }
                if (blocks.get(blocks.size() - 1) != enclosing) {
                    current = new Block(enclosing.patterns(), enclosing.never(), new ArrayList<>());
                    blocks.add(current);
                }
            } else if (KNOWN.contains(key) && !args.isEmpty()) {
                current.options().add(new String[] {key, String.join(" ", args)});
            }
        }
    }

    private static List<Path> glob(String pattern) throws IOException {
        String expanded = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        Path p = Path.of(expanded);
        if (!p.isAbsolute()) p = Path.of(System.getProperty("user.home"), ".ssh").resolve(p);
        Path dir = p.getParent();
        String name = p.getFileName().toString();
        List<Path> out = new ArrayList<>();
        if (!name.contains("*") && !name.contains("?")) {
            if (Files.isRegularFile(p)) out.add(p);
            return out;
        }
        if (dir == null || !Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            for (Path f : ds) if (Files.isRegularFile(f)) out.add(f);
        }
        out.sort(null);
        return out;
    }

    /** A line split as OpenSSH does: whitespace or one '=' after the keyword, double quotes, '#' comments. */
    static List<String> words(String line) {
        Words words = new Words();
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) return words.list();
        int i = 0;
        // the keyword ends at whitespace or '='
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') i++;
        words.add(s.substring(0, i));
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        if (i < s.length() && s.charAt(i) == '=') i++;
        boolean quoted = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                words.start();
            } else if (!quoted && c == '#' && !words.inWord()) {
                break;
            } else if (!quoted && Character.isWhitespace(c)) {
                words.end();
            } else {
                words.append(c);
            }
        }
        return words.list();
    }

    /** True when {@code host} matches one of the patterns and none of the negated ones. */
    static boolean matches(List<String> patterns, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean any = false;
        for (String group : patterns) {
            for (String p : group.split(",")) {
                if (p.isEmpty()) continue;
                boolean negated = p.startsWith("!");
                String glob = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
                if (wildcard(glob, 0, h, 0)) {
                    if (negated) return false;
                    any = true;
                }
            }
        }
        return any;
    }

    private static boolean wildcard(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) if (wildcard(p, pi + 1, s, k)) return true;
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) return false;
            pi++;
            si++;
        }
        return si == s.length();
    }

    /**
     * The options for {@code host} (the name as given, before HostName): the first value of each keyword
     * from the matching blocks, IdentityFile values all kept in order; values are raw (tokens unexpanded).
     */
    public Options lookup(String host) {
        Map<String, String> first = new LinkedHashMap<>();
        List<String> identities = new ArrayList<>();
        for (Block b : blocks) {
            if (b.never() || !matches(b.patterns(), host)) continue;
            for (String[] o : b.options()) {
                if (o[0].equals("identityfile")) identities.add(o[1]);
                else first.putIfAbsent(o[0], o[1]);
            }
        }
        return new Options(first, identities);
    }

    /** What the config says for one host: keyword (lower case) to its first value, and every IdentityFile. */
    public record Options(Map<String, String> values, List<String> identityFiles) {
        public String get(String keyword) {
            return values.get(keyword.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * OpenSSH's tokens in IdentityFile and the like: {@code %h} host name, {@code %n} the name as given,
     * {@code %p} port, {@code %r} remote user, {@code %u} local user, {@code %d} home directory,
     * {@code %%} a percent sign; a leading {@code ~} is the home directory.
     */
    public static String expand(String value, String originalHost, String hostName, int port, String remoteUser) {
        String home = System.getProperty("user.home");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%' || i + 1 >= value.length()) {
                out.append(c);
                continue;
            }
            char t = value.charAt(++i);
            switch (t) {
                case 'h' -> out.append(hostName);
                case 'n' -> out.append(originalHost);
                case 'p' -> out.append(port);
                case 'r' -> out.append(remoteUser);
                case 'u' -> out.append(System.getProperty("user.name"));
                case 'd' -> out.append(home);
                case '%' -> out.append('%');
                default -> out.append('%').append(t);
            }
        }
        String s = out.toString();
        if (s.equals("~") || s.startsWith("~/")) s = home + s.substring(1);
        return s;
    }
}
