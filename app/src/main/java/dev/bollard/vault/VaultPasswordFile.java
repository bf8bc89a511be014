package dev.bollard.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A vault password from a file, as Ansible reads one: the file's content without surrounding
 * whitespace, or, when the file is executable, what the script prints on standard output (a
 * script named {@code *-client} or {@code *-client.EXT} is asked for its label with
 * {@code --vault-id LABEL}, so one script can serve several vault-ids).
 */
public final class VaultPasswordFile {
    private VaultPasswordFile() {
    }

    public static VaultSecret read(Path file, String label) {
        if (!Files.isRegularFile(file)) throw new VaultException("vault password file " + file + ": no such file");
        byte[] pw = Files.isExecutable(file) ? runScript(file, label) : readFile(file);
        if (pw.length == 0) {
            throw new VaultException("vault password file " + file + (Files.isExecutable(file) ? " printed no password" : " is empty"));
        }
        return new VaultSecret(label, pw);
    }

    private static byte[] readFile(Path file) {
        try {
            return strip(Files.readAllBytes(file), " \t\r\n\f\u000b");
        } catch (IOException e) {
            throw new VaultException("vault password file " + file + ": cannot read: " + e.getMessage());
        }
    }

    private static byte[] runScript(Path file, String label) {
        List<String> command = new ArrayList<>(List.of(file.toAbsolutePath().toString()));
        if (isClient(file)) command.addAll(List.of("--vault-id", label));
        try {
            // stdin and stderr stay the terminal's, so a script may ask for a passphrase (gpg, pass)
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            int code = p.waitFor();
            if (code != 0) throw new VaultException("vault password script " + file + " exited with status " + code);
            return strip(out, "\r\n");
        } catch (IOException e) {
            throw new VaultException("vault password script " + file + ": cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("vault password script " + file + ": interrupted");
        }
    }

    static boolean isClient(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return name.endsWith("-client") || dot > 0 && name.substring(0, dot).endsWith("-client");
    }

    private static byte[] strip(byte[] b, String chars) {
        int from = 0;
        int to = b.length;
        while (from < to && chars.indexOf(b[from]) >= 0) from++;
        while (to > from && chars.indexOf(b[to - 1]) >= 0) to--;
        return Arrays.copyOfRange(b, from, to);
    }
}
