package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.vault.VaultSecret;
import dev.bollard.vault.VaultSecrets;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playbooks on localhost with vault data in every place Ansible allows it; the decrypted values
 * are used by the tasks and appear nowhere in what Bollard prints.
 */
class VaultPlaybookTest {
    private static final String PW = "correct horse";
    private static final String DB_PASS = "hunter2-db-pass";
    private static final String TOKEN = "tok-abc-123";
    private static final String KEY_LINE = "line one of the private key";

    @TempDir
    Path dir;

    private static String encrypt(String plain, String label, String password) {
        return new VaultSecrets(List.of(VaultSecret.of(label, password)), v -> { }).encrypt(plain.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A {@code !vault |} block indented for a value at {@code indent} spaces. */
    private static String inline(String plain, int indent) {
        StringBuilder b = new StringBuilder("!vault |\n");
        for (String l : encrypt(plain, "default", PW).split("\n")) b.append(" ".repeat(indent + 2)).append(l).append('\n');
        return b.toString();
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return p;
    }

    private Path passwordFile(String password) throws Exception {
        return write("vault-pass-" + password.length(), password + "\n");
    }

    private Path standardPlaybook() throws Exception {
        write("secrets.yml", encrypt("db_pass: " + DB_PASS + "\nkey: |\n  " + KEY_LINE + "\n  line two of the private key\n", "default", PW));
        return write("site.yml", """
                - hosts: all
                  vars_files: [secrets.yml]
                  vars:
                    api_token: TOKEN
                  tasks:
                    - name: write the credentials
                      copy: {dest: DIR/out/creds.txt, content: "{{ db_pass }} {{ api_token }}\\n{{ key }}"}
                    - name: print one
                      command: echo {{ api_token }}
                      changed_when: false
                      register: echoed
                    - debug: msg="the token is {{ echoed.stdout }}"
                    - name: fail with it
                      fail: msg="cannot log in with {{ db_pass }}"
                      ignore_errors: true
                """.replace("TOKEN", inline(TOKEN, 4)));
    }

    private static void assertHidden(Bollard.Run r) {
        for (String secret : List.of(DB_PASS, TOKEN, KEY_LINE, PW)) {
            assertFalse(r.out().contains(secret), "'" + secret + "' printed:\n" + r);
            assertFalse(r.err().contains(secret), "'" + secret + "' printed:\n" + r);
        }
    }

    @Test
    void vaultedVarsFileAndInlineValueAreUsedAndNeverShown() throws Exception {
        Path book = standardPlaybook();
        Files.createDirectories(dir.resolve("out"));
        String pw = passwordFile(PW).toString();
        List<Bollard.Run> runs = new ArrayList<>();
        runs.add(Bollard.run(book.toString(), "--vault-password-file", pw, "--check", "--diff"));
        runs.add(Bollard.run(book.toString(), "--vault-password-file", pw, "--check", "--diff", "--json"));
        runs.add(Bollard.run(book.toString(), "--vault-password-file", pw, "--diff"));
        for (Bollard.Run r : runs) {
            assertEquals(0, r.code(), r.toString());
            assertHidden(r);
        }
        Bollard.Run apply = runs.get(2);
        assertTrue(apply.out().contains("+" + Secrets.MASK + " " + Secrets.MASK), "the diff is shown, masked:\n" + apply);
        assertTrue(apply.out().contains("the token is " + Secrets.MASK), apply.out());
        assertTrue(apply.out().contains("cannot log in with " + Secrets.MASK), apply.out());
        assertTrue(runs.get(1).events().size() > 3, "valid JSON lines:\n" + runs.get(1));
        assertEquals(DB_PASS + " " + TOKEN + "\n" + KEY_LINE + "\nline two of the private key\n", Files.readString(dir.resolve("out/creds.txt")));
    }

    @Test
    void wrongPasswordIsOneLineAndExit4() throws Exception {
        Path book = standardPlaybook();
        Bollard.Run r = Bollard.run(book.toString(), "--vault-password-file", passwordFile("battery staple").toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().matches("ERROR: cannot decrypt \\S*site.yml:5 with the given vault password \\(vault-id default\\)\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingPasswordIsOneLineAndExit4BeforeAnyTask() throws Exception {
        write("secrets.yml", encrypt("db_pass: " + DB_PASS + "\n", "default", PW));
        Path book = write("site.yml", """
                - hosts: all
                  tasks:
                    - copy: {dest: DIR/first, content: "ran"}
                - hosts: all
                  vars_files: [secrets.yml]
                  tasks:
                    - debug: msg="{{ db_pass }}"
                """);
        Bollard.Run r = Bollard.run(book.toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().matches("ERROR: file \\S*secrets.yml is vault-encrypted; give --vault-password-file or --ask-vault-pass\n"), r.err());
        assertFalse(Files.exists(dir.resolve("first")), "no task ran");
    }

    @Test
    void malformedVaultDataNamesFileAndLine() throws Exception {
        String[] lines = encrypt("a: 1\n", "default", PW).split("\n");
        lines[2] = "not hex at all";
        write("secrets.yml", String.join("\n", lines));
        Path book = write("site.yml", "- hosts: all\n  vars_files: [secrets.yml]\n  tasks: []\n");
        Bollard.Run r = Bollard.run(book.toString(), "--vault-password-file", passwordFile(PW).toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().matches("ERROR: \\S*secrets.yml:3: malformed vault data: not hexadecimal .*\n"), r.err());
    }

    @Test
    void groupVarsHostVarsAndExtraVarsFilesWithVaultIds() throws Exception {
        // group_vars beside the playbook (vault-id prod), host_vars beside the inventory (an inline
        // value), -e @file (vault-id dev): each opened with its own password
        write("play/group_vars/all.yml", encrypt("from_group: group-secret-1\n", "prod", "prod-password"));
        write("inv/hosts.yml", "all:\n  hosts:\n    localhost: {ansible_connection: local}\n");
        write("inv/host_vars/localhost.yml", "from_host: " + inline("host-secret-2", 0));
        Path extra = write("extra.yml", encrypt("from_extra: extra-secret-3\n", "dev", "dev-password"));
        Path book = write("play/site.yml", """
                - hosts: all
                  tasks:
                    - copy: {dest: DIR/all.txt, content: "{{ from_group }} {{ from_host }} {{ from_extra }}"}
                """);
        Path prod = write("prod.pw", "prod-password\n");
        Path script = write("dev-pass.sh", "#!/bin/sh\necho dev-password\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Bollard.Run r = Bollard.run(book.toString(), "-i", dir.resolve("inv/hosts.yml").toString(), "-e", "@" + extra,
                "--vault-id", "prod@" + prod, "--vault-id", "dev@" + script, "--vault-password-file", passwordFile(PW).toString(), "--diff");
        assertEquals(0, r.code(), r.toString());
        assertEquals("group-secret-1 host-secret-2 extra-secret-3", Files.readString(dir.resolve("all.txt")));
        for (String s : List.of("group-secret-1", "host-secret-2", "extra-secret-3", "prod-password", "dev-password")) {
            assertFalse(r.out().contains(s) || r.err().contains(s), s + " printed:\n" + r);
        }
    }

    @Test
    void anEncryptedTaskFileAndAnEncryptedIniInventory() throws Exception {
        write("tasks.yml", encrypt("- copy: {dest: DIR/t.txt, content: \"{{ ini_secret }}\"}\n".replace("DIR", dir.toString()), "default", PW));
        write("hosts", encrypt("[web]\nlocalhost ansible_connection=local ini_secret=ini-secret-4\n", "default", PW));
        Path book = write("site.yml", "- hosts: web\n  tasks:\n    - import_tasks: tasks.yml\n");
        Bollard.Run r = Bollard.run(book.toString(), "-i", dir.resolve("hosts").toString(), "--vault-password-file", passwordFile(PW).toString(), "--diff");
        assertEquals(0, r.code(), r.toString());
        assertEquals("ini-secret-4", Files.readString(dir.resolve("t.txt")));
        assertFalse(r.out().contains("ini-secret-4"), r.out());
    }

    @Test
    void askVaultPassReadsStandardInputWithoutATerminal() throws Exception {
        Path book = standardPlaybook();
        Files.createDirectories(dir.resolve("out"));
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream((PW + "\n").getBytes(StandardCharsets.UTF_8)));
            Bollard.Run r = Bollard.run(book.toString(), "-J");
            assertEquals(0, r.code(), r.toString());
            assertHidden(r);
            System.setIn(new ByteArrayInputStream(new byte[0]));
            Bollard.Run none = Bollard.run(book.toString(), "--ask-vault-pass");
            assertEquals(4, none.code(), none.toString());
            assertEquals("ERROR: --ask-vault-pass: no terminal and nothing on standard input\n", none.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void aSecretWithQuotesAndBackslashesIsMaskedInJsonToo() throws Exception {
        String secret = "pa\"ss\\word-9";
        write("secrets.yml", encrypt("odd_pass: '" + secret.replace("'", "''") + "'\n", "default", PW));
        Path book = write("site.yml", """
                - hosts: all
                  gather_facts: false
                  vars_files: [secrets.yml]
                  tasks:
                    - debug:
                        msg: "the password is {{ odd_pass }}"
                    - shell: printf '%s' "$P"
                      environment:
                        P: "{{ odd_pass }}"
                      register: echoed
                    - fail:
                        msg: "still {{ echoed.stdout }}"
                """);
        String pw = passwordFile(PW).toString();
        Bollard.Run r = Bollard.run(book.toString(), "--vault-password-file", pw, "--json");
        assertEquals(2, r.code(), r.toString());
        String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
        for (String form : List.of(secret, escaped, "pa\\\"ss", "word-9")) {
            assertFalse(r.out().contains(form), "'" + form + "' printed:\n" + r);
            assertFalse(r.err().contains(form), "'" + form + "' printed:\n" + r);
        }
        assertTrue(r.out().contains("the password is " + Secrets.MASK) && r.out().contains("still " + Secrets.MASK), r.out());
    }
}
