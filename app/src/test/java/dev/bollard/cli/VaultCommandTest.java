package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import dev.bollard.yaml.BollardYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bollard vault}: each action on real files, with a scripted $EDITOR for edit. */
class VaultCommandTest {
    private static final String PW = "correct horse";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run vault(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VaultCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run vault(String... args) {
        return vault(Map.of(), args);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private String pw() throws Exception {
        return file("pw", PW + "\n").toString();
    }

    private static String open(String text, String label) {
        return new VaultSecrets(List.of(VaultSecret.of(label, PW)), v -> { }).openFile(text, "t").text();
    }

    @Test
    void encryptViewDecryptInPlaceKeepingTheMode() throws Exception {
        Path f = file("secrets.yml", "db_pass: s3cret\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Run enc = vault("encrypt", "--vault-password-file", pw(), f.toString());
        assertEquals(0, enc.code(), enc.err());
        String text = Files.readString(f);
        assertTrue(text.startsWith("$ANSIBLE_VAULT;1.1;AES256\n"), text);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Run view = vault("view", "--vault-password-file", pw(), f.toString());
        assertEquals("db_pass: s3cret\n", view.out());
        Run dec = vault("decrypt", "--vault-password-file", pw(), f.toString());
        assertEquals(0, dec.code(), dec.err());
        assertEquals("db_pass: s3cret\n", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var left = Files.list(dir)) {
            assertEquals(List.of("pw", "secrets.yml"), left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void aVaultIdLabelWritesFormat12() throws Exception {
        Path f = file("a.yml", "x: 1\n");
        assertEquals(0, vault("encrypt", "--vault-id", "prod@" + pw(), f.toString()).code());
        assertTrue(Files.readString(f).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"));
        assertEquals("x: 1\n", open(Files.readString(f), "prod"));
    }

    @Test
    void nothingIsWrittenWhenOneFileCannotBeDone() throws Exception {
        Path plain = file("plain.yml", "a: 1\n");
        Path done = file("done.yml", new VaultSecrets(List.of(VaultSecret.of("default", PW)), v -> { }).encrypt("b: 2\n".getBytes(StandardCharsets.UTF_8), null));
        Run r = vault("encrypt", "--vault-password-file", pw(), plain.toString(), done.toString());
        assertEquals(4, r.code());
        assertEquals("ERROR: " + done + " is already vault-encrypted\n", r.err());
        assertEquals("a: 1\n", Files.readString(plain), "the first file was not encrypted either");
        Path wrong = file("wrong", "battery staple\n");
        byte[] before = Files.readAllBytes(done);
        Run bad = vault("decrypt", "--vault-password-file", wrong.toString(), done.toString());
        assertEquals(4, bad.code());
        assertEquals("ERROR: cannot decrypt " + done + " with the given vault password (vault-id default)\n", bad.err());
        assertArrayEquals(before, Files.readAllBytes(done));
    }

    @Test
    void encryptStringPrintsAValueYamlReadsBack() throws Exception {
        Run r = vault("encrypt_string", "--vault-password-file", pw(), "--name", "db_pass", "p@ss: w0rd");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("db_pass: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n"), r.out());
        VaultSecrets s = new VaultSecrets(List.of(VaultSecret.of("default", PW)), v -> { });
        assertEquals(Map.of("db_pass", "p@ss: w0rd"), BollardYaml.toJava(BollardYaml.compose(r.out(), "x.yml", s)));
    }

    @Test
    void thePasswordFileFromTheEnvironment() throws Exception {
        Path f = file("a.yml", "x: 1\n");
        assertEquals(0, vault(Map.of("ANSIBLE_VAULT_PASSWORD_FILE", pw()), "encrypt", f.toString()).code());
        assertEquals("x: 1\n", open(Files.readString(f), "default"));
    }

    @Test
    void editUsesAPrivateTemporaryFileAndEncryptsWhatWasSaved() throws Exception {
        Path f = file("a.yml", "x: 1\n");
        assertEquals(0, vault("encrypt", "--vault-id", "prod@" + pw(), f.toString()).code());
        Path record = dir.resolve("record");
        Path editor = file("editor.sh", "#!/bin/sh\nstat -c '%a' \"$1\" > " + record + "\necho \"$1\" >> " + record + "\necho 'y: 2' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Run r = vault(Map.of("EDITOR", editor.toString()), "edit", "--vault-id", "prod@" + pw(), f.toString());
        assertEquals(0, r.code(), r.err());
        List<String> seen = Files.readAllLines(record);
        assertEquals("600", seen.get(0), "the plaintext is readable by its owner only");
        assertFalse(Files.exists(Path.of(seen.get(1))), "the plaintext is gone");
        assertFalse(Files.exists(Path.of(seen.get(1)).getParent()), "and its folder too");
        String text = Files.readString(f);
        assertTrue(text.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"), "encrypted again with the vault-id that opened it");
        assertEquals("x: 1\ny: 2\n", open(text, "prod"));
    }

    @Test
    void editLeavesTheFileAloneWhenNothingChangedOrTheEditorFailed() throws Exception {
        Path f = file("a.yml", "x: 1\n");
        assertEquals(0, vault("encrypt", "--vault-password-file", pw(), f.toString()).code());
        byte[] before = Files.readAllBytes(f);
        Run same = vault(Map.of("EDITOR", "true"), "edit", "--vault-password-file", pw(), f.toString());
        assertEquals(0, same.code(), same.err());
        assertArrayEquals(before, Files.readAllBytes(f));
        Run failed = vault(Map.of("EDITOR", "false"), "edit", "--vault-password-file", pw(), f.toString());
        assertEquals(4, failed.code());
        assertEquals("ERROR: the editor exited with status 1; " + f + " is unchanged\n", failed.err());
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void withoutAnActionOrPasswordItSaysWhatToGive() throws Exception {
        Run none = vault();
        assertEquals(4, none.code());
        assertTrue(none.err().contains("bollard vault encrypt|decrypt|view|encrypt_string|edit"), none.err());
        Path f = file("a.yml", "x: 1\n");
        var saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            Run r = vault("encrypt", f.toString());
            assertEquals(4, r.code());
            assertEquals("ERROR: no vault password: give --vault-password-file, --vault-id or --ask-vault-pass\n", r.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void mainDispatchesToVault() throws Exception {
        Path f = file("a.yml", "x: 1\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"vault", "encrypt", "--vault-password-file", pw(), f.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertEquals("encrypted " + f + "\n", out.toString(StandardCharsets.UTF_8));
    }
}
