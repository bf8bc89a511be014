package dev.bollard.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords, vault-ids and the messages a sysadmin reads; data written by the real ansible-vault. */
class VaultSecretsTest {
    private static final VaultSecret RIGHT = VaultSecret.of("default", "correct horse");
    private static final VaultSecret WRONG = VaultSecret.of("default", "battery staple");

    @TempDir
    Path dir;

    private static String resource(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/vault", name));
    }

    private static VaultSecrets with(VaultSecret... s) {
        return new VaultSecrets(List.of(s), v -> { });
    }

    @Test
    void opensFilesAnsibleVaultWrote() throws Exception {
        assertEquals("db_pass: from-ansible\n", with(RIGHT).openFile(resource("written-by-ansible-1.1.yml"), "a.yml").text());
        VaultSecrets.Opened o = with(WRONG, VaultSecret.of("prod", "correct horse")).openFile(resource("written-by-ansible-1.2-prod.yml"), "b.yml");
        assertEquals("db_pass: from-ansible\n", o.text());
        assertEquals("prod", o.label());
    }

    @Test
    void aPasswordWithAnotherLabelIsTriedToo() throws Exception {
        // as Ansible does by default: the matching label first, then every other password
        VaultSecrets.Opened o = with(VaultSecret.of("dev", "correct horse")).openFile(resource("written-by-ansible-1.2-prod.yml"), "b.yml");
        assertEquals("dev", o.label());
    }

    @Test
    void messagesNameTheFileAndWhatToDo() throws Exception {
        String file = resource("written-by-ansible-1.1.yml");
        assertEquals("file a.yml is vault-encrypted; give --vault-password-file or --ask-vault-pass",
                assertThrows(VaultException.class, () -> VaultSecrets.NONE.openFile(file, "a.yml")).getMessage());
        assertEquals("cannot decrypt a.yml with the given vault password (vault-id default)",
                assertThrows(VaultException.class, () -> with(WRONG).openFile(file, "a.yml")).getMessage());
        assertEquals("a.yml:7 holds a vault-encrypted value; give --vault-password-file or --ask-vault-pass",
                assertThrows(VaultException.class, () -> VaultSecrets.NONE.openValue(file, "a.yml", 7)).getMessage());
        assertEquals("cannot decrypt b.yml with the given vault passwords (vault-ids default, dev); it was encrypted for vault-id prod",
                assertThrows(VaultException.class, () -> with(WRONG, VaultSecret.of("dev", "x-x")).openFile(resource("written-by-ansible-1.2-prod.yml"), "b.yml")).getMessage());
    }

    @Test
    void encryptsWithTheChosenLabel() {
        VaultSecrets two = with(RIGHT, VaultSecret.of("prod", "other one"));
        assertTrue(assertThrows(VaultException.class, () -> two.encrypt(new byte[1], null)).getMessage().contains("--encrypt-vault-id"));
        String text = two.encrypt("v".getBytes(StandardCharsets.UTF_8), "prod");
        assertTrue(text.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"), text);
        assertEquals("v", with(VaultSecret.of("prod", "other one")).openFile(text, "x").text());
        assertTrue(with(RIGHT).encrypt(new byte[1], null).startsWith("$ANSIBLE_VAULT;1.1;AES256\n"), "vault-id default writes 1.1");
    }

    @Test
    void decryptedValuesReachTheListener() {
        List<String> seen = new ArrayList<>();
        VaultSecrets s = new VaultSecrets(List.of(RIGHT), seen::add);
        s.decrypted("x-secret");
        assertEquals(List.of("x-secret"), seen);
    }

    @Test
    void passwordFileIsStrippedAsAnsibleDoes() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "  correct horse \n\n");
        assertEquals("correct horse", VaultPasswordFile.read(f, "default").passwordText());
        Files.writeString(f, " \n");
        assertEquals("vault password file " + f + " is empty", assertThrows(VaultException.class, () -> VaultPasswordFile.read(f, "default")).getMessage());
        assertEquals("vault password file " + dir.resolve("nope") + ": no such file",
                assertThrows(VaultException.class, () -> VaultPasswordFile.read(dir.resolve("nope"), "default")).getMessage());
    }

    @Test
    void anExecutablePasswordFileIsRun() throws Exception {
        Path script = script("pw.sh", "#!/bin/sh\necho ' correct horse'\n");
        assertEquals(" correct horse", VaultPasswordFile.read(script, "default").passwordText(), "only the line end is stripped");
        Path client = script("keyring-client.sh", "#!/bin/sh\n[ \"$1\" = --vault-id ] && echo \"pw-for-$2\"\n");
        assertEquals("pw-for-prod", VaultPasswordFile.read(client, "prod").passwordText());
        Path failing = script("fail.sh", "#!/bin/sh\nexit 3\n");
        assertEquals("vault password script " + failing + " exited with status 3",
                assertThrows(VaultException.class, () -> VaultPasswordFile.read(failing, "default")).getMessage());
    }

    private Path script(String name, String text) throws Exception {
        Path p = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
