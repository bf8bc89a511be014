package dev.bollard.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Parses the output of the one-round-trip probe {@link HostState} runs for a path. */
final class FileProbe {
    private FileProbe() {
    }

    /**
     * Prints {@code type|mode|owner|group|size} and a newline, the link target and a NUL (a file name
     * may hold newlines, never a NUL), then the content; or ABSENT.
     */
    static String script(String path, boolean withContent) {
        String p = Shell.quote(path);
        // readlink only for a link: a process costs the host 1-2 ms, and a read-ahead reads dozens of files
        return "if [ -L " + p + " ] || [ -e " + p + " ]; then stat -c '%F|%a|%U|%G|%s' -- " + p
                + " && if [ -L " + p + " ]; then printf '%s\\0' \"$(readlink -- " + p + ")\"; else printf '\\0'; fi"
                + (withContent ? " && if [ -f " + p + " ]; then cat -- " + p + "; fi" : "")
                + "; else echo ABSENT; fi";
    }

    /**
     * What a read in a batch runs after the batch's one {@code stat} of every path: ABSENT, or a
     * {@code +} and the link target and a NUL, then (with content) a regular file's content.
     */
    static String rest(String path, boolean withContent) {
        String p = Shell.quote(path);
        return "if [ -L " + p + " ]; then printf '+%s\\0' \"$(readlink -- " + p + ")\"; elif [ -e " + p + " ]; then printf '+\\0'"
                + (withContent ? "; if [ -f " + p + " ]; then cat -- " + p + "; fi" : "") + "; else echo ABSENT; fi";
    }

    /**
     * The answer {@link #script} gives, put together from the batch's stat line of the path and what
     * {@link #rest} printed; null when they disagree (the path came or went between the two).
     */
    static ExecResult whole(String statLine, int rc, byte[] rest) {
        if (rest.length > 0 && rest[0] == '+') {
            if (statLine == null) return null;
            byte[] head = (statLine + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(head, head.length + rest.length - 1);
            System.arraycopy(rest, 1, all, head.length, rest.length - 1);
            return new ExecResult(rc, all, "");
        }
        return new ExecResult(rc, rest, "");
    }

    static Optional<RemoteFile> parse(String path, byte[] out, boolean withContent) throws ModuleFailure {
        int first = indexOf(out, 0);
        String header = new String(out, 0, first < 0 ? out.length : first, StandardCharsets.UTF_8);
        if (header.equals("ABSENT")) return Optional.empty();
        String[] f = header.split("\\|", -1);
        int second = first < 0 ? -1 : indexOf(out, first + 1, (byte) 0);
        if (f.length != 5 || second < 0) throw new ModuleFailure("unexpected answer while reading " + path + ": " + header);
        String link = new String(out, first + 1, second - first - 1, StandardCharsets.UTF_8);
        RemoteFile.Type type = switch (f[0]) {
            case "regular file", "regular empty file" -> RemoteFile.Type.FILE;
            case "directory" -> RemoteFile.Type.DIRECTORY;
            case "symbolic link" -> RemoteFile.Type.LINK;
            default -> RemoteFile.Type.OTHER;
        };
        String mode = String.format("%4s", f[1]).replace(' ', '0');
        byte[] content = withContent && type == RemoteFile.Type.FILE
                ? Arrays.copyOfRange(out, second + 1, out.length) : null;
        return Optional.of(new RemoteFile(path, type, mode, f[2], f[3], Long.parseLong(f[4]),
                link.isEmpty() ? null : link, content));
    }

    private static int indexOf(byte[] out, int from) {
        return indexOf(out, from, (byte) '\n');
    }

    private static int indexOf(byte[] out, int from, byte wanted) {
        for (int i = from; i < out.length; i++) {
            if (out[i] == wanted) return i;
        }
        return -1;
    }
}
