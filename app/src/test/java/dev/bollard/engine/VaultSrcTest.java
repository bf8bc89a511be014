package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vault-encrypted copy or template src is written decrypted, as Ansible does, and never printed. */
class VaultSrcTest {
    private static final String PW = "correct horse";
    private static final String KEY = "-----BEGIN KEY-----\nsecret-key-material-42\n-----END KEY-----\n";

    @TempDir
    Path dir;

    private static String encrypt(String plain) {
        return new VaultSecrets(List.of(VaultSecret.of("default", PW)), v -> { }).encrypt(plain.getBytes(StandardCharsets.UTF_8), null);
    }

    private Path setUp() throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("files/key.pem"), encrypt(KEY));
        Files.writeString(dir.resolve("templates/app.conf.j2"), encrypt("token = {{ token }}-tpl-secret\n"));
        Files.writeString(dir.resolve("pw"), PW + "\n");
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  vars: {token: abc}
                  tasks:
                    - copy: {src: key.pem, dest: DIR/out/key.pem, mode: "0600"}
                    - template: {src: app.conf.j2, dest: DIR/out/app.conf}
                """.replace("DIR", dir.toString()));
        Files.createDirectories(dir.resolve("out"));
        return book;
    }

    @Test
    void copyAndTemplateWriteTheDecryptedContentAndShowNoneOfIt() throws Exception {
        Path book = setUp();
        String pw = dir.resolve("pw").toString();
        Bollard.Run check = Bollard.run(book.toString(), "--vault-password-file", pw, "--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        Bollard.Run r = Bollard.run(book.toString(), "--vault-password-file", pw, "--diff");
        assertEquals(0, r.code(), r.toString());
        assertEquals(KEY, Files.readString(dir.resolve("out/key.pem")));
        assertEquals("token = abc-tpl-secret\n", Files.readString(dir.resolve("out/app.conf")));
        for (Bollard.Run run : List.of(check, r)) {
            assertTrue(run.out().contains("+++"), "a diff is shown: " + run.out());
            assertFalse(run.out().contains("secret-key-material-42"), run.out());
            assertFalse(run.out().contains("tpl-secret"), run.out());
            assertTrue(run.out().contains(Secrets.MASK), run.out());
        }
        Bollard.Run again = Bollard.run(book.toString(), "--vault-password-file", pw);
        assertTrue(again.out().matches("(?s).*changed=0.*"), again.out());
    }

    @Test
    void withoutThePasswordTheRunStopsBeforeTouchingAnyHost() throws Exception {
        Path book = setUp();
        Bollard.Run r = Bollard.run(book.toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("key.pem is vault-encrypted; give --vault-password-file or --ask-vault-pass"), r.err());
        assertFalse(Files.exists(dir.resolve("out/key.pem")));
    }
}
