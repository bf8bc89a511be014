package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.AnsibleTool;
import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault data goes both ways between Bollard and the real ansible-vault (ansible-core). */
class AnsibleVaultInteropTest {
    @TempDir
    Path dir;
    private String pw;
    private String prodPw;

    @BeforeEach
    void passwords() throws Exception {
        AnsibleTool.require("ansible-vault");
        pw = Files.writeString(dir.resolve("pw"), "correct horse\n").toString();
        prodPw = Files.writeString(dir.resolve("prod-pw"), "prod password\n").toString();
    }

    private AnsibleTool.Result ansibleVault(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "ansible-vault";
        System.arraycopy(args, 0, command, 1, args.length);
        AnsibleTool.Result r = AnsibleTool.run(dir, command);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private Bollard.Run bollard(String... args) {
        Bollard.Run r = Bollard.run(args);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    @Test
    void filesAnsibleEncryptsOpenInBollard() throws Exception {
        Path v11 = Files.writeString(dir.resolve("v11.yml"), "a: one\n");
        Path v12 = Files.writeString(dir.resolve("v12.yml"), "b: two\n");
        ansibleVault("encrypt", "--vault-password-file", pw, v11.toString());
        ansibleVault("encrypt", "--vault-id", "prod@" + prodPw, v12.toString());
        assertTrue(Files.readString(v12).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"));
        assertEquals("a: one\n", bollard("vault", "view", "--vault-password-file", pw, v11.toString()).out());
        assertEquals("b: two\n", bollard("vault", "view", "--vault-id", "prod@" + prodPw, v12.toString()).out());
    }

    @Test
    void aPlaybookUsesFileAndStringsAnsibleEncrypted() throws Exception {
        Files.writeString(dir.resolve("secrets.yml"), "db_pass: ansible-db-secret\n");
        ansibleVault("encrypt", "--vault-id", "prod@" + prodPw, "secrets.yml");
        String token = ansibleVault("encrypt_string", "--vault-password-file", pw, "--name", "token", "ansible-token-secret").out();
        Files.writeString(dir.resolve("site.yml"), "- hosts: all\n  vars_files: [secrets.yml]\n  tasks:\n"
                + "    - copy: {dest: " + dir.resolve("out.txt") + ", content: \"{{ db_pass }} {{ token }}\"}\n");
        Files.writeString(dir.resolve("token.yml"), token + "\n");
        Bollard.Run r = bollard(dir.resolve("site.yml").toString(), "-e", "@" + dir.resolve("token.yml"), "--diff",
                "--vault-id", "prod@" + prodPw, "--vault-password-file", pw);
        assertEquals("ansible-db-secret ansible-token-secret", Files.readString(dir.resolve("out.txt")));
        assertFalse(r.out().contains("ansible-db-secret") || r.out().contains("ansible-token-secret"), r.toString());
    }

    @Test
    void filesBollardEncryptsOpenInAnsibleVault() throws Exception {
        Path v11 = Files.writeString(dir.resolve("v11.yml"), "a: one\n");
        Path v12 = Files.writeString(dir.resolve("v12.yml"), "b: two\n");
        bollard("vault", "encrypt", "--vault-password-file", pw, v11.toString());
        bollard("vault", "encrypt", "--vault-id", "prod@" + prodPw, v12.toString());
        assertEquals("a: one\n", ansibleVault("view", "--vault-password-file", pw, v11.toString()).out());
        ansibleVault("decrypt", "--vault-id", "prod@" + prodPw, v12.toString());
        assertEquals("b: two\n", Files.readString(v12));
    }

    @Test
    void anEditedFileStillOpensInAnsibleVault() throws Exception {
        Path f = Files.writeString(dir.resolve("f.yml"), "a: one\n");
        bollard("vault", "encrypt", "--vault-id", "prod@" + prodPw, f.toString());
        Path editor = Files.writeString(dir.resolve("ed.sh"), "#!/bin/sh\necho 'b: two' >> \"$1\"\n");
        editor.toFile().setExecutable(true);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = VaultCommand.run(new String[] {"edit", "--vault-id", "prod@" + prodPw, f.toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err), java.util.Map.of("EDITOR", editor.toString()));
        assertEquals(0, code, err.toString());
        assertEquals("a: one\nb: two\n", ansibleVault("view", "--vault-id", "prod@" + prodPw, f.toString()).out());
    }

    @Test
    void stringsBollardEncryptsOpenInAnsible() throws Exception {
        AnsibleTool.require("ansible");
        String a = bollard("vault", "encrypt_string", "--vault-password-file", pw, "--name", "plain_id", "bollard secret one").out();
        String b = bollard("vault", "encrypt_string", "--vault-id", "prod@" + prodPw, "--name", "prod_id", "bollard secret two").out();
        Path vars = Files.writeString(dir.resolve("vars.yml"), a + b);
        AnsibleTool.Result r = AnsibleTool.run(dir, "ansible", "localhost", "-c", "local", "-m", "debug", "-a", "msg='{{ plain_id }}|{{ prod_id }}'",
                "-e", "@" + vars, "--vault-password-file", pw, "--vault-id", "prod@" + prodPw);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"msg\": \"bollard secret one|bollard secret two\""), r.toString());
    }
}
