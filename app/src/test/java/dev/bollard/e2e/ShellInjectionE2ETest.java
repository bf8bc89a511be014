package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that a shell would run (quotes, $(), backticks, ;, |, &, newlines, spaces) reach the host
 * as data in every module that builds a command from them: each family gets a payload that, if
 * any part of it ran, leaves a file named PWNED_family somewhere on the target.get(). The host name and
 * the playbook's file name carry one too (they go into the host lock's holder line).
 */
class ShellInjectionE2ETest {
    private static final List<String> FAMILIES = List.of("files", "packages", "users", "services", "commands", "json", "system", "host", "playbook");
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    /** Every way a shell could be made to run `cd; touch PWNED_family`, without a slash (it goes into file names too). */
    static String payload(String family) {
        String run = "cd;touch PWNED_" + family;
        return "q'u\"o $(" + run + ") `" + run + "` ;" + run + ";\n" + run + " & " + run + " |" + run + " #' \" ${IFS}x";
    }

    private static final String TASKS = """
            - hosts: all
              gather_facts: false
              vars_files: [payloads.json]
              tasks:
                - file: {path: /tmp/inj, state: directory}
                - copy: {dest: "/tmp/inj/{{ p.files }}c", content: "{{ p.files }}", owner: "{{ p.files }}", mode: "0644"}
                  ignore_errors: true
                - copy: {dest: "/tmp/inj/{{ p.files }}c2", content: "{{ p.files }}"}
                - template: {src: inj.j2, dest: "/tmp/inj/{{ p.files }}t"}
                - file: {path: "/tmp/inj/{{ p.files }}d", state: directory, mode: "0750"}
                - file: {path: "/tmp/inj/{{ p.files }}l", src: "/tmp/inj/{{ p.files }}c2", state: link}
                - file: {path: "/tmp/inj/{{ p.files }}c2", group: "{{ p.files }}"}
                  ignore_errors: true
                # a line (and a marker) is one line: the payload's newline is left out of it (and kept in the file name)
                - lineinfile: {path: "/tmp/inj/{{ p.files }}li", line: "{{ p.files | replace('\\n', ' ') }}", regexp: "^{{ p.files | replace('\\n', ' ') | regex_escape }}$", create: true}
                - blockinfile: {path: "/tmp/inj/{{ p.files }}b", block: "{{ p.files }}", marker: "# {mark} {{ p.files | replace('\\n', ' ') }}", create: true}
                - replace: {path: "/tmp/inj/{{ p.files }}li", regexp: "^q'u", replace: "Q'U $(cd;touch PWNED_files) `cd;touch PWNED_files` ;cd;touch PWNED_files"}
                - stat: {path: "/tmp/inj/{{ p.files }}c2"}
                - user: {name: inj-user, comment: "{{ p.users }}", home: "/tmp/inj/{{ p.users }}h", shell: "/bin/{{ p.users }}"}
                  ignore_errors: true
                - group: {name: "{{ p.users }}"}
                  ignore_errors: true
                - getent: {database: passwd, key: "{{ p.users }}", fail_key: false}
                  ignore_errors: true
                - subid: {user: "{{ p.users }}", count: 65536}
                  ignore_errors: true
                - linger: {user: "{{ p.users }}"}
                  ignore_errors: true
                - service: {name: "{{ p.services }}", state: started, enabled: true}
                  ignore_errors: true
                - systemd: {name: "{{ p.services }}", state: restarted, daemon_reload: true}
                  ignore_errors: true
                - command: {argv: [touch, "/tmp/inj/{{ p.commands }}argv"]}
                - command: {argv: [printf, "%s", "{{ p.commands }}"], chdir: "/tmp/inj/{{ p.files }}d"}
                - command: "touch /tmp/inj/argv-{{ p.commands | quote }}"
                - json_merge: {path: "/tmp/inj/{{ p.json }}.json", merge: {"{{ p.json }}": "{{ p.json }}", nested: {k: "{{ p.json }}"}}, create: true}
                - sysctl: {name: net.ipv4.ip_forward, value: "{{ p.system }}", sysctl_file: "/tmp/inj/{{ p.system }}s", reload: false}
                  ignore_errors: true
                - apt_repository: {repo: "deb http://example.invalid/{{ p.system }} stable main", filename: "{{ p.system }}", update_cache: false}
                  ignore_errors: true
            """;

    /** Where a value must be a name (a package, a user, a kernel setting), one with shell in it is refused before any host is touched. */
    private static final String REFUSED = """
            - hosts: all
              gather_facts: false
              vars_files: [payloads.json]
              tasks:
                - apt: {name: "{{ p.packages }}", state: present}
                - apt: {name: [curl, "{{ p.packages }}"], state: absent}
                - user: {name: "{{ p.users }}"}
                - sysctl: {name: "{{ p.system }}", value: "1"}
                - modprobe: {name: "{{ p.system }}", state: present}
                - capabilities: {path: /usr/bin/true, capability: "{{ p.system }}"}
            """;

    @Test
    void valuesReachTheHostAsDataInEveryModuleFamily() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        for (String f : FAMILIES) p.put(f, payload(f));
        Files.writeString(dir.resolve("payloads.json"), new ObjectMapper().writeValueAsString(Map.of("p", p)));
        Files.writeString(dir.resolve("inj.j2"), "{{ p.files }}\n");
        Path book = dir.resolve("play'$(cd;touch PWNED_playbook)`cd;touch PWNED_playbook`.yml");
        Files.writeString(book, TASKS);
        String hostName = "t1'\"$(cd;touch${IFS}PWNED_host)`cd;touch${IFS}PWNED_host`;cd;touch${IFS}PWNED_host";
        Path inv = dir.resolve("inventory.yml");
        Files.writeString(inv, "all:\n  hosts:\n" + target.get().inventoryEntry("'" + hostName.replace("'", "''") + "'", "root"));

        Path refusedBook = dir.resolve("refused.yml");
        Files.writeString(refusedBook, REFUSED);
        Bollard.Run refused = Bollard.run(refusedBook.toString(), "-i", inv.toString(), "--host-key-policy", "off");
        assertEquals(4, refused.code(), refused.toString());
        assertEquals(6, refused.err().split("\n(?=ERROR: )").length, refused.toString());
        assertNoMarker(refused);

        Bollard.Run check = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "--check", "--diff");
        assertNoMarker(check);
        Bollard.Run apply = Bollard.run(book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "--diff");
        assertNoMarker(apply);
        // the data arrived as data: a file named with the payload holds the payload
        String payload = payload("files");
        assertEquals(payload, target.get().exec("find /tmp/inj -maxdepth 1 -type f -name '*c2' -exec cat {} +").out(), apply.toString());
        assertEquals(payload + "\n", target.get().exec("find /tmp/inj -maxdepth 1 -type f -name '*t' -exec cat {} +").out());
        assertTrue(target.get().exec("find /tmp/inj -maxdepth 1 -name '*argv'").out().contains("PWNED_commands"), apply.toString());
        assertEquals(0, apply.code(), apply.toString());
    }

    private static void assertNoMarker(Bollard.Run run) {
        String found = target.get().exec("find / -xdev -name 'PWNED_*' 2>/dev/null").out().strip();
        assertTrue(found.isEmpty(), "injected: " + found + "\n" + run);
    }
}
