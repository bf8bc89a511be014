package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gathered facts as variables, on localhost: where they sit among the others, and what the checks before a run make of them. */
class FactsTest {
    @TempDir
    Path dir;

    private Path book(String text) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text);
        return p;
    }

    private static String msg(Bollard.Run r, String task) {
        return r.task(task).get(0).path("msg").asText();
    }

    @Test
    void factsSitAboveTheInventoryAndBelowPlayVarsAndSetFact() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    localhost:\n      ansible_connection: local\n      ansible_os_family: from-inventory\n");
        Path p = book("""
                - hosts: all
                  vars:
                    ansible_kernel: from-play
                  tasks:
                    - name: facts
                      debug: {msg: "{{ ansible_os_family == ansible_facts.os_family }} {{ ansible_os_family != 'from-inventory' }} {{ ansible_kernel }}"}
                    - set_fact: {ansible_system: from-set-fact}
                    - name: after set_fact
                      debug: {msg: "{{ ansible_system }} {{ ansible_facts.system }}"}
                    - name: hostvars
                      debug: {msg: "{{ hostvars[inventory_hostname].ansible_facts.system }} {{ hostvars['localhost'].ansible_system }}"}
                """);
        Bollard.Run r = Bollard.run(p.toString(), "-i", inv.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("True True from-play", msg(r, "facts"));
        assertEquals("from-set-fact Linux", msg(r, "after set_fact"), "set_fact wins over a fact; ansible_facts keeps the fact");
        assertEquals("Linux from-set-fact", msg(r, "hostvars"));
    }

    @Test
    void conditionsOnFactsPassTheChecksBeforeTheRunAndWorkInCheckMode() throws Exception {
        Path p = book("""
                - hosts: all
                  tasks:
                    - name: on Linux
                      debug: {msg: "{{ ansible_distribution }} {{ ansible_facts['memtotal_mb'] > 0 }}"}
                      when: ansible_facts.system == 'Linux' and ansible_user_id | length > 0
                    - name: refresh a few
                      setup: {filter: "ansible_date_time"}
                    - name: never
                      debug: {msg: no}
                      when: ansible_system != 'Linux'
                - hosts: all
                  tasks:
                    - name: second play
                      debug: {msg: "{{ ansible_hostname }}"}
                """);
        Bollard.Run r = Bollard.run(p.toString(), "--json", "--check");
        assertEquals(0, r.code(), r.toString());
        assertEquals("ok", r.task("on Linux").get(0).path("status").asText(), r.toString());
        assertEquals("ok", r.task("refresh a few").get(0).path("status").asText());
        assertEquals("skipped", r.task("never").get(0).path("status").asText());
        assertEquals(1, r.task("Gathering Facts").size(), "the second play uses the facts the first one read");
        assertEquals(2, r.recap("localhost").path("round_trips").asInt(), "the gathering and the setup task: " + r.recap("localhost"));
    }

    @Test
    void withoutGatheringNothingIsRead() throws Exception {
        Path p = book("""
                - hosts: all
                  gather_facts: no
                  tasks:
                    - name: facts
                      debug: {msg: "{{ ansible_facts }} {{ ansible_facts.distribution is defined }}"}
                """);
        Bollard.Run r = Bollard.run(p.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("{} False", msg(r, "facts"));
        assertEquals(0, r.recap("localhost").path("round_trips").asInt());
        assertTrue(r.task("Gathering Facts").isEmpty());
    }

    @Test
    void aMisspeltFactOrAFactNobodyGathersIsReportedBeforeTheRun() throws Exception {
        Bollard.Run misspelt = Bollard.run(book("""
                - hosts: all
                  tasks:
                    - debug: {msg: "{{ ansible_distrbution }}"}
                """).toString());
        assertEquals(Runner.EXIT_BAD_INPUT, misspelt.code(), misspelt.toString());
        assertTrue(misspelt.err().contains("ansible_distrbution"), misspelt.err());

        Bollard.Run notGathered = Bollard.run(book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug: {msg: "{{ ansible_distribution }}"}
                """).toString());
        assertEquals(Runner.EXIT_BAD_INPUT, notGathered.code(), notGathered.toString());
        assertTrue(notGathered.err().contains("undefined variable 'ansible_distribution'"), notGathered.err());

        Bollard.Run subset = Bollard.run(book("""
                - hosts: all
                  gather_subset: [network, ohai]
                  tasks:
                    - debug: {msg: hi}
                """).toString());
        assertEquals(Runner.EXIT_BAD_INPUT, subset.code(), subset.toString());
        assertTrue(subset.err().contains("site.yml:1") && subset.err().contains("'ohai'"), subset.err());
    }

    @Test
    void factsModulesAreKnownByTheirAnsibleNames() throws Exception {
        Bollard.Run r = Bollard.run(book("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - ansible.builtin.setup: {gather_subset: ["!all", "!min", "virtual"]}
                    - name: virtual only
                      debug: {msg: "{{ ansible_virtualization_role is defined }} {{ ansible_distribution is defined }}"}
                """).toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals("True False", msg(r, "virtual only"));
        JsonNode recap = r.recap("localhost");
        assertEquals(2, recap.path("round_trips").asInt(), "the setup task, then the run journal's entry: " + recap);
    }
}
