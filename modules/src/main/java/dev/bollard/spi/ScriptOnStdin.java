package dev.bollard.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a script reaches the shell that runs it: on that shell's standard input, ahead of the input
 * the script itself reads, and never on a command line, which every user of the host can read
 * ({@code ps}) while the script runs; a script may carry a vault value or a {@code no_log} task's
 * secret. The command line is a short fixed one: read exactly so many bytes, then run them. GNU
 * {@code head -c} reads no further than it was told from a pipe, so what follows (a file's
 * content, a sudo password line, the next shell's script) is left to whoever reads next. Nor
 * does a command line bound a script's size any more (Linux's 128 KiB for one argument).
 *
 * <p>The script is sent wrapped in braces: a shell parses a brace group whole before it runs any
 * of it, so a script cut short on the way (the connection dropped while it was being sent) is
 * a syntax error and runs none of its commands, never the first half of them.
 */
public final class ScriptOnStdin {
    private static final String VAR = "bollard_script";
    private static final Pattern BOOT = Pattern.compile(VAR + "=\\$\\(head -c (\\d+)\\)");
    private static final String OPEN = "{ :\n";
    private static final String CLOSE = "\n}";
    /** sudo reads its password line first, ahead of the script (see {@link Become#stdin}). */
    private static final String SUDO_READS_PASSWORD = "sudo -k -S";

    /** A command line, and the bytes that must reach its standard input before anything else. */
    public record Fed(String line, byte[] ahead) {
        /** The command's whole standard input: the script, then {@code input}. */
        public byte[] before(byte[] input) {
            return concat(ahead, input);
        }
    }

    /** What a command runs and reads, as the module wrote it: for traces a person reads and for stand-in connections in tests. */
    public record Unfolded(String script, byte[] input) {
    }

    private ScriptOnStdin() {
    }

    /** {@code script} as a fixed command line that reads it from standard input. */
    public static Fed of(String script) {
        byte[] piece = (OPEN + script + CLOSE).getBytes(StandardCharsets.UTF_8);
        return new Fed(boot(piece.length), piece);
    }

    /**
     * The command line: reads {@code bytes} of script and runs it in this same shell (no process
     * more than {@code head}); input that ended before them all runs nothing and exits 125.
     */
    static String boot(int bytes) {
        return VAR + "=$(head -c " + bytes + ") || exit 125; eval \"${" + VAR + ":-exit 125}\"";
    }

    /**
     * The command line of a shell that shares its input with the commands after it and takes none of
     * its own: it reads exactly its script, then gives the script an empty input.
     */
    static String bootWithoutInput(Fed fed) {
        return fed.line().replace("; eval ", "; exec </dev/null; eval ");
    }

    /**
     * Follows a command's shells, each reading its script from the input, down to the innermost
     * script and the input left for it. A script that reads none of its own comes back as it is.
     */
    public static Unfolded unfold(String command, byte[] stdin) {
        String text = command;
        byte[] rest = stdin == null ? new byte[0] : stdin;
        while (true) {
            Matcher m = BOOT.matcher(text);
            if (!m.find()) return new Unfolded(text, rest);
            if (text.lastIndexOf(SUDO_READS_PASSWORD, m.start()) >= 0) {
                int nl = indexOf(rest, (byte) '\n');
                rest = Arrays.copyOfRange(rest, nl + 1, rest.length);
            }
            int n = Math.min(Integer.parseInt(m.group(1)), rest.length);
            String piece = new String(rest, 0, n, StandardCharsets.UTF_8);
            rest = Arrays.copyOfRange(rest, n, rest.length);
            if (piece.startsWith(OPEN)) piece = piece.substring(OPEN.length());
            if (piece.endsWith(CLOSE)) piece = piece.substring(0, piece.length() - CLOSE.length());
            text = piece;
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        if (b == null || b.length == 0) return a;
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) if (data[i] == b) return i;
        return data.length - 1;
    }
}
