package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bollard.testing.AnsiblePlaybook;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * bollard verify's controls report on a real host: a control that holds, one held by one loop item
 * while another item is skipped, one whose only item is skipped, and one that fails after a hand edit.
 */
class ControlsReportE2ETest {
    private static final String CONDITION = "condition is false: item.path in present.stdout_lines";
    private static final String PLAYBOOK = """
            - name: Controls on one host
              hosts: all
              gather_facts: false
              vars:
                watched:
                  - {path: /usr/sbin/sshd, control: cis-1.1.3}
                  - {path: /usr/bin/dockerd, control: cis-1.1.3}
                  - {path: /run/containerd, control: cis-1.1.4}
                  - {path: /etc/hostname, control: [cis-1.1.10, seed-004]}
              tasks:
                - name: the settings folder is root's
                  file: {path: /etc/bollard-controls, state: directory, mode: "0755"}
                  tags: [cis-9.1, settings]

                - name: daemon settings are in place
                  copy:
                    dest: /etc/bollard-controls/daemon.json
                    content: '{"icc": false}'
                  tags: [cis-2.2, seed-001]

                - name: which watched paths exist
                  shell: "for p in {{ watched | map(attribute='path') | join(' ') }}; do [ -e \\"$p\\" ] && echo \\"$p\\"; done; true"
                  register: present
                  changed_when: false

                - name: watched paths are audited
                  lineinfile:
                    path: /etc/bollard-controls/audit.rules
                    line: "-w {{ item.path }} -k docker"
                    create: true
                  loop: "{{ watched }}"
                  when: item.path in present.stdout_lines
            """;

    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    private Bollard.Run run(String... args) throws Exception {
        Path play = dir.resolve("controls.yml");
        Files.writeString(play, PLAYBOOK);
        Path inv = Bollard.inventory(dir, "root", target.get());
        List<String> all = new ArrayList<>(List.of(args));
        int at = all.isEmpty() || !all.get(0).equals("verify") ? 0 : 1;
        all.addAll(at, List.of(play.toString(), "-i", inv.toString(), "--host-key-policy", "off"));
        return Bollard.run(all.toArray(String[]::new));
    }

    /** The recap's controls of t1: id to {status, detail}. */
    private static Map<String, List<String>> controls(Bollard.Run run) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode c : run.recap("t1").path("controls")) {
            out.put(c.path("id").asText(), List.of(c.path("status").asText(), c.path("detail").asText()));
            assertEquals(c.path("id").asText().replaceFirst("-.*", ""), c.path("scheme").asText());
        }
        return out;
    }

    @Test
    void verifySaysWhichControlsHoldWhichDoNotAndWhichDoNotApply() throws Exception {
        Bollard.Run apply = run();
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(!apply.out().contains("CONTROLS"), "only verify reports controls: " + apply.out());
        target.get().exec("printf '{\"icc\": true}' > /etc/bollard-controls/daemon.json");

        Bollard.Run json = run("verify", "--json");
        assertEquals(2, json.code(), json.toString());
        Map<String, List<String>> c = controls(json);
        assertEquals(List.of("cis-1.1.3", "cis-1.1.4", "cis-1.1.10", "cis-2.2", "cis-9.1", "seed-001", "seed-004"), List.copyOf(c.keySet()));
        assertEquals(List.of("holds", "holds for /usr/sbin/sshd; not applicable: /usr/bin/dockerd (" + CONDITION + ")"), c.get("cis-1.1.3"));
        assertEquals(List.of("not_applicable", "/run/containerd: " + CONDITION), c.get("cis-1.1.4"));
        assertEquals(List.of("holds", "holds for /etc/hostname"), c.get("cis-1.1.10"));
        assertEquals(c.get("cis-1.1.10"), c.get("seed-004"));
        // it held at the apply: drifted; the next verify, which compares with this one, says it fails
        assertEquals("drifted", c.get("cis-2.2").get(0));
        assertTrue(c.get("cis-2.2").get(1).startsWith("held at apply "), c.toString());
        assertTrue(c.get("cis-2.2").get(1).contains(", not now: not in the desired state: update /etc/bollard-controls/daemon.json"), c.toString());
        assertEquals(c.get("cis-2.2"), c.get("seed-001"));
        assertEquals("holds", c.get("cis-9.1").get(0));
        JsonNode failing = json.recap("t1").path("controls").get(3);
        assertEquals("[\"daemon settings are in place\"]", failing.path("tasks").toString());

        Bollard.Run text = run("verify");
        assertEquals(2, text.code(), text.toString());
        String out = text.out();
        for (String line : List.of(
                "CONTROLS [t1] ***",
                "CIS Docker Benchmark v1.6.0",
                "  holds           cis-1.1.3   watched paths are audited · holds for /usr/sbin/sshd; not applicable: /usr/bin/dockerd (" + CONDITION + ")",
                "  not applicable  cis-1.1.4   watched paths are audited · /run/containerd: " + CONDITION,
                "  FAILS           cis-2.2     daemon settings are in place · not in the desired state: update /etc/bollard-controls/daemon.json",
                "cis: 3 hold, 1 fails, 1 not applicable",
                "seed checks (Contrôle)",
                "seed: 1 holds, 1 fails")) {
            assertTrue(out.contains(line), "missing '" + line + "' in\n" + out);
        }
        assertTrue(out.indexOf("cis-1.1.4") < out.indexOf("cis-1.1.10"), out);
        assertTrue(out.indexOf("CONTROLS [t1]") < out.indexOf("t1: NOT COMPLIANT"), out);

        Bollard.Run repaired = run();
        assertEquals(0, repaired.code(), repaired.toString());
        Bollard.Run again = run("verify", "--json");
        assertEquals(0, again.code(), again.toString());
        assertEquals(List.of("holds", "not_applicable", "holds", "holds", "holds", "holds", "holds"),
                controls(again).values().stream().map(v -> v.get(0)).toList());
    }

    @Test
    void ansibleAcceptsThePlaybookWithItsControlTagsAndItemKeys() throws Exception {
        AnsiblePlaybook.require();
        Path play = dir.resolve("controls.yml");
        Files.writeString(play, PLAYBOOK);
        AnsiblePlaybook.SyntaxCheck check = AnsiblePlaybook.syntaxCheck(dir, play);
        assertEquals(0, check.code(), check.output());
        assertTrue(check.output().contains("playbook: " + play), check.output());
    }
}
