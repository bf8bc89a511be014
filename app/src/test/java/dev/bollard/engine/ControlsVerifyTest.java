package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controls report of bollard verify on this machine: what is not checked and why, what stays as it was. */
class ControlsVerifyTest {
    @TempDir
    Path dir;

    private Path book(String text) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return p;
    }

    /** Each control of the recap's controls for {@code host}, by id, as "status: detail". */
    private static Map<String, String> controls(Bollard.Run run, String host) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode c : run.recap(host).path("controls")) out.put(c.path("id").asText(), c.path("status").asText() + ": " + c.path("detail").asText());
        return out;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableHostHasEveryControlNotCheckedWithTheReason() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  vars:
                    more_rules: [{path: /b, control: [cis-1.1.4, seed-001]}]
                  tasks:
                    - name: a file
                      copy: {dest: "DIR/{{ inventory_hostname }}", content: "x"}
                      tags: [cis-9.1]
                    - name: audited
                      lineinfile: {path: "DIR/rules-{{ inventory_hostname }}", line: "-w {{ item.path }}", create: true}
                      loop:
                        - {path: /a, control: cis-1.1.3}
                    - name: more audited
                      lineinfile: {path: "DIR/rules-{{ inventory_hostname }}", line: "-w {{ item.path }}", create: true}
                      loop: "{{ more_rules }}"
                """);
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, "here ansible_connection=local\ngone ansible_host=127.0.0.1 ansible_port=" + closedPort() + "\n");
        Bollard.Run apply = Bollard.run(p.toString(), "-i", inv.toString(), "--limit", "here");
        assertEquals(0, apply.code(), apply.toString());
        Bollard.Run run = Bollard.run("verify", p.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off");
        assertEquals(3, run.code(), run.toString());
        Map<String, String> here = controls(run, "here");
        assertEquals("holds: holds for /a", here.get("cis-1.1.3"));
        assertTrue(here.get("cis-9.1").startsWith("holds: " + dir + "/here has the wanted content"), here.toString());
        Map<String, String> gone = controls(run, "gone");
        // the items of a loop over a variable are known before the run: their controls are listed too
        assertEquals(java.util.List.of("cis-1.1.3", "cis-1.1.4", "cis-9.1", "seed-001"), java.util.List.copyOf(gone.keySet()));
        gone.values().forEach(v -> assertTrue(v.startsWith("not_checked: host unreachable: ") && v.contains("refused"), v));
        // with no host reaching the loop, what its items name is known from before the run
        Bollard.Run alone = Bollard.run("verify", p.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off", "--limit", "gone");
        assertEquals(3, alone.code(), alone.toString());
        assertEquals(gone, controls(alone, "gone"));
    }

    @Test
    void tasksLeftOutByTagsAreNotCheckedAndTheSelectedOnesAre() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: one
                      copy: {dest: DIR/one, content: "1"}
                      tags: [cis-1.2]
                    - name: two
                      copy: {dest: DIR/two, content: "2"}
                      tags: [cis-1.10, seed-002]
                """);
        assertEquals(0, Bollard.run(p.toString()).code());
        Bollard.Run run = Bollard.run("verify", p.toString(), "--json", "--tags", "cis-1.10");
        assertEquals(0, run.code(), run.toString());
        Map<String, String> c = controls(run, "localhost");
        assertEquals(java.util.List.of("cis-1.2", "cis-1.10", "seed-002"), java.util.List.copyOf(c.keySet()));
        assertEquals("not_checked: not selected by --tags/--skip-tags", c.get("cis-1.2"));
        assertTrue(c.get("seed-002").startsWith("holds: "), c.toString());
        Bollard.Run text = Bollard.run("verify", p.toString(), "--tags", "cis-1.10");
        assertTrue(text.out().contains("cis: 1 holds, 1 not checked"), text.out());
        assertTrue(text.out().contains("  not checked     cis-1.2   one · not selected by --tags/--skip-tags"), text.out());
    }

    @Test
    void applyCheckAndAPlaybookWithoutControlsPrintNoReport() throws Exception {
        Path tagged = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy: {dest: DIR/one, content: "1"}
                      tags: [cis-1.2, files]
                """);
        for (String[] args : new String[][] {{tagged.toString()}, {tagged.toString(), "--check"}}) {
            Bollard.Run json = Bollard.run(append(args, "--json"));
            assertEquals(0, json.code(), json.toString());
            assertTrue(json.recap("localhost").path("controls").isMissingNode(), json.toString());
            assertFalse(Bollard.run(args).out().contains("CONTROLS"));
        }
        Path plain = dir.resolve("plain.yml");
        Files.writeString(plain, Files.readString(tagged).replace("[cis-1.2, files]", "[files, v-x]"));
        Bollard.Run verify = Bollard.run("verify", plain.toString(), "--json");
        assertEquals(0, verify.code(), verify.toString());
        assertTrue(verify.recap("localhost").path("controls").isMissingNode(), verify.toString());
        assertFalse(Bollard.run("verify", plain.toString()).out().contains("CONTROLS"));
    }

    private static String[] append(String[] args, String more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = more;
        return out;
    }

    @Test
    void aMisspelledItemControlIsRefusedBeforeTheRunAndOneMadeAtRunTimeFailsItsItem() throws Exception {
        Path typo = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: audited
                      lineinfile: {path: DIR/rules, line: "{{ item.path }}", create: true}
                      loop:
                        - {path: /a, control: cis-1.1.3}
                        - {path: /b, control: cis1.1.4}
                """);
        Bollard.Run refused = Bollard.run(typo.toString());
        assertEquals(4, refused.code(), refused.toString());
        assertTrue(refused.err().contains("site.yml:4: task 'audited': loop item 2 (/b): control: 'cis1.1.4' is not a control name"), refused.err());
        Path late = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - set_fact:
                        rules: [{path: /a, control: cis-1.1.3}, {path: /b, control: cis1.1.4}]
                    - name: audited
                      lineinfile: {path: DIR/rules, line: "{{ item.path }}", create: true}
                      loop: "{{ rules }}"
                """);
        assertEquals(0, Bollard.run(late.toString()).code(), "apply does not read the key");
        Bollard.Run verify = Bollard.run("verify", late.toString(), "--json");
        assertEquals(2, verify.code(), verify.toString());
        JsonNode item = verify.task("audited").get(0).path("items").get(1);
        assertEquals("failed", item.path("status").asText());
        assertTrue(item.path("msg").asText().contains("loop item /b: control: 'cis1.1.4' is not a control name"), item.toString());
        assertEquals(Map.of("cis-1.1.3", "holds: holds for /a"), controls(verify, "localhost"));
    }

    @Test
    void noLogHidesTheDetailAndAnUnneededRescueIsNotApplicable() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: secret file
                      copy: {dest: DIR/secret, content: "s3cret"}
                      no_log: true
                      tags: [cis-5.1]
                    - block:
                        - name: body
                          copy: {dest: DIR/body, content: "b"}
                          tags: [cis-5.2]
                      rescue:
                        - name: fallback
                          copy: {dest: DIR/fallback, content: "f"}
                          tags: [cis-5.3]
                """);
        assertEquals(0, Bollard.run(p.toString()).code());
        Files.writeString(dir.resolve("secret"), "changed");
        Bollard.Run run = Bollard.run("verify", p.toString(), "--json");
        assertEquals(2, run.code(), run.toString());
        Map<String, String> c = controls(run, "localhost");
        assertEquals("fails: (hidden by no_log)", c.get("cis-5.1"));
        assertTrue(c.get("cis-5.2").startsWith("holds: "), c.toString());
        assertEquals("not_applicable: a rescue task: it runs only when its block fails", c.get("cis-5.3"));
    }
}
