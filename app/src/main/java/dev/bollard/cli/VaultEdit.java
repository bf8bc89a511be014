package dev.bollard.cli;

import dev.bollard.vault.VaultEnvelope;
import dev.bollard.vault.VaultException;
import dev.bollard.vault.VaultSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bollard vault edit FILE}: the plaintext goes to a file only its owner can read, in a
 * folder only its owner can enter, for {@code $EDITOR}; what the editor saved is encrypted again
 * (with the vault-id that opened the file) and the plaintext is overwritten and removed, whatever
 * happened. A file the editor left unchanged is not rewritten.
 */
@Command(name = "edit", mixinStandardHelpOptions = true, description = "Edit an encrypted file with $EDITOR (default: vi).")
final class VaultEdit extends VaultCommand.Action {
    @Parameters(paramLabel = "FILE", description = "the encrypted file")
    Path file;

    @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "encrypt with this vault-id instead of the one that opened the file")
    String encryptId;

    @Override
    void run() throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (!VaultEnvelope.isVault(text(content))) {
            throw new VaultException(file + " is not vault-encrypted (encrypt it first: bollard vault encrypt " + file + ")");
        }
        VaultSecrets s = secrets(false);
        VaultSecrets.Opened opened = s.openFile(text(content), file.toString());
        Path dir = Files.createTempDirectory("bollard-vault-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path plain = dir.resolve(file.getFileName().toString());
        try {
            Files.createFile(plain, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(plain, opened.plaintext());
            int code = edit(plain);
            if (code != 0) throw new VaultException("the editor exited with status " + code + "; " + file + " is unchanged");
            byte[] edited = Files.readAllBytes(plain);
            if (Arrays.equals(edited, opened.plaintext())) {
                root.out.println(file + ": no change");
                return;
            }
            String label = encryptId != null ? encryptId : opened.label();
            AtomicFile.write(file, s.encrypt(edited, label).getBytes(StandardCharsets.US_ASCII));
            root.out.println("encrypted " + file);
        } finally {
            // editors leave swap and backup files beside the one they edit: shred them all
            try (var left = Files.list(dir)) {
                for (Path p : left.toList()) shred(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Runs $EDITOR (which may carry arguments, such as {@code code --wait}) on the file, on this terminal. */
    private int edit(Path plain) throws IOException {
        String editor = root.env.getOrDefault("EDITOR", "");
        List<String> command = new ArrayList<>(Arrays.asList((editor.isBlank() ? "vi" : editor.strip()).split("\\s+")));
        command.add(plain.toString());
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new VaultException("cannot run the editor '" + command.get(0) + "' (set EDITOR): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("interrupted while editing; " + file + " is unchanged");
        }
    }

    /** Overwrites the plaintext before removing it, so it does not linger in free blocks of the disk. */
    private static void shred(Path plain) throws IOException {
        if (Files.isRegularFile(plain, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.write(plain, new byte[(int) Files.size(plain)]);
        Files.deleteIfExists(plain);
    }
}
