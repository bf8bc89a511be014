package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The env, file, template, vars and first_found lookups, with {@code lookup()} and {@code query()},
 * against what Ansible 2.14 gives for a playbook directory laid out the same way.
 */
class LookupsTest extends ExpressionFixture {
    private static final String UNSET = "BOLLARD_LOOKUP_TEST_SURELY_UNSET";
    @TempDir
    Path playbook;

    @BeforeEach
    void layOut() throws Exception {
        Files.createDirectories(playbook.resolve("files"));
        Files.createDirectories(playbook.resolve("templates"));
        Files.writeString(playbook.resolve("files/hello.txt"), "hello\n\n");
        Files.writeString(playbook.resolve("hello2.txt"), "beside\n");
        Files.writeString(playbook.resolve("templates/t.j2"), "name={{ name }}\n{% for u in users %}{{ u }},{% endfor %}\n");
        vars.put("playbook_dir", playbook.toString());
    }

    /** env: an unset variable is empty, or the default (the lookup's documentation shows both). */
    @Test
    void envLookup() throws Exception {
        String home = System.getenv("HOME");
        assertEquals("'" + home + "' is the HOME environment variable.", str("'{{ lookup('ansible.builtin.env', 'HOME') }}' is the HOME environment variable."));
        assertEquals("", str("{{ lookup('env', '" + UNSET + "') }}"));
        assertEquals("nobody is the user.", str("{{ lookup('ansible.builtin.env', '" + UNSET + "') | default('nobody', True) }} is the user."));
        assertEquals("nobody is the user.", str("{{ lookup('ansible.builtin.env', '" + UNSET + "', default='nobody') }} is the user."));
        assertEquals(home + "," + home, str("{{ lookup('env', 'HOME', 'HOME') }}"));
        assertEquals(List.of(home), val("{{ query('env', 'HOME') }}"));
    }

    /** file: looked for in files/ then beside the playbook; trailing whitespace dropped unless rstrip=false. */
    @Test
    void fileLookup() throws Exception {
        assertEquals("hello", val("{{ lookup('file', 'hello.txt') }}"));
        assertEquals("beside", val("{{ lookup('file', 'hello2.txt') }}"));
        assertEquals("hello\n\n", val("{{ lookup('file', 'hello.txt', rstrip=false) }}"));
        assertEquals("hello,beside", val("{{ lookup('file', 'hello.txt', 'hello2.txt') }}"));
        assertEquals(List.of("hello"), val("{{ query('file', 'hello.txt') }}"));
        assertEquals("hello", val("{{ lookup('file', '" + playbook.resolve("files/hello.txt") + "') }}"));
        assertEquals("HELLO", val("{{ lookup('file', 'hello.txt') | upper }}"));
        // Ansible: could not locate file in lookup: nope.txt
        assertFails("{{ lookup('file', 'nope.txt') }}", "file 'nope.txt' not found (looked in " + playbook.resolve("files/nope.txt") + ", "
                + playbook.resolve("nope.txt") + ")");
    }

    /** template: rendered with the current variables, its trailing newline kept. */
    @Test
    void templateLookup() throws Exception {
        assertEquals("name=web1\nalice,bob,\n", val("{{ lookup('template', 't.j2') }}"));
    }

    /** vars: by a computed name, with a default; several names give a list (the documentation's cases). */
    @Test
    void varsLookup() throws Exception {
        vars.put("variablename", "hello");
        vars.put("myvar", "ename");
        assertEquals("hello", val("{{ lookup('ansible.builtin.vars', 'variabl' + myvar) }}"));
        assertEquals("", val("{{ lookup('ansible.builtin.vars', 'variabl' + 'notename', default='') }}"));
        assertEquals(List.of("alice", "bob"), val("{{ lookup('vars', 'users') }}"));
        assertEquals(List.of("web1", 8080L), val("{{ lookup('vars', 'name', 'port') }}"));
        assertEquals(List.of(8080L), val("{{ q('vars', 'port') }}"));
        assertEquals("web1", val("{{ lookup('vars', 'na' ~ 'me') }}"));
        // Ansible: No variable found with this name: missing
        assertFails("{{ lookup('vars', 'missing') }}", "lookup('vars'): no variable found with this name: missing");
    }

    /** first_found: the first file that exists, as an absolute path; skip and errors='ignore' for none. */
    @Test
    void firstFound() throws Exception {
        String hello = playbook.resolve("files/hello.txt").toString();
        assertEquals(hello, val("{{ lookup('first_found', ['nope.txt', 'hello.txt']) }}"));
        assertEquals(playbook.resolve("hello2.txt").toString(), val("{{ lookup('first_found', 'nope.txt', 'hello2.txt') }}"));
        assertEquals(hello, val("{{ lookup('first_found', {'files': ['nope.txt', 'hello.txt'], 'paths': ['files']}) }}"));
        assertEquals(List.of(hello), val("{{ query('first_found', ['hello.txt', 'hello2.txt']) }}"));
        assertEquals(List.of(), val("{{ lookup('first_found', {'files': ['nope.txt'], 'skip': true}) }}"));
        assertNull(val("{{ lookup('first_found', ['nope.txt'], errors='ignore') }}"));
        ExpressionException e = org.junit.jupiter.api.Assertions.assertThrows(ExpressionException.class,
                () -> val("{{ lookup('first_found', ['nope.txt']) }}"));
        assertTrue(e.getMessage().startsWith("first_found: none of the files was found (tried "), e.getMessage());
    }

    /** A lookup Bollard lacks is named, with the ones it has. */
    @Test
    void unknownLookup() {
        assertFails("{{ lookup('pipe', 'echo hi') }}", "lookup plugin 'pipe' is not available in Bollard (did you mean 'file'?)"
                + " (available: env, file, first_found, template, vars)");
        assertEquals(List.of("lookup plugin 'fiel' is not available in Bollard (did you mean 'file'?) (available: env, file, first_found, template, vars)"),
                ex.problems("{{ lookup('fiel', 'x') }}", false));
    }
}
