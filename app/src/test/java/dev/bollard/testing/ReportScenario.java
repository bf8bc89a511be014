package dev.bollard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run for the report files' tests, on this machine: host {@code here} (local connection) and
 * host {@code gone} (a closed port, unreachable). After {@link #apply} and {@link #tamper}, verify
 * shows each status: cis-2.2 and seed-001 fail (a hand edit of daemon.json), cis-1.1.3 holds
 * (one loop item), cis-1.1.4 is not applicable (its item's condition is false), seed-003 holds
 * by its verify: probe, and a task naming no control holds; on {@code gone} nothing is checked.
 * Task and play names carry markup characters, which every format must show as text.
 */
public final class ReportScenario {
    public static final String SETTINGS = "daemon settings <b>are</b> in place | \"icc\" & `off`";
    public static final String PLAY = "Reports <on> this machine";
    private static final String PLAYBOOK = """
            - name: PLAY
              hosts: all
              gather_facts: false
              vars:
                watched:
                  - {path: /etc/hostname, control: cis-1.1.3}
                  - {path: /nonexistent/containerd, control: cis-1.1.4}
              tasks:
                - name: the host's folder exists
                  file: {path: "DIR/{{ inventory_hostname }}", state: directory}

                - name: SETTINGS
                  copy: {dest: "DIR/{{ inventory_hostname }}/daemon.json", content: '{"icc": false}'}
                  tags: [cis-2.2, seed-001]

                - name: watched paths are audited
                  lineinfile: {path: "DIR/{{ inventory_hostname }}/audit.rules", line: "-w {{ item.path }} -k docker", create: true}
                  loop: "{{ watched }}"
                  when: item.path != '/nonexistent/containerd'

                - name: the settings say icc
                  command: cat DIR/{{ inventory_hostname }}/daemon.json
                  changed_when: false
                  verify: ["grep -q icc DIR/{{ inventory_hostname }}/daemon.json"]
                  tags: [seed-003]
            """;

    public final Path dir;
    public final Path playbook;
    public final Path inventory;

    private ReportScenario(Path dir, Path playbook, Path inventory) {
        this.dir = dir;
        this.playbook = playbook;
        this.inventory = inventory;
    }

    public static ReportScenario in(Path dir) throws IOException {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, PLAYBOOK.replace("SETTINGS", yamlQuoted(SETTINGS)).replace("PLAY", yamlQuoted(PLAY)).replace("DIR", dir.toString()));
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, "here ansible_connection=local\ngone ansible_host=127.0.0.1 ansible_port=" + closedPort() + "\n");
        return new ReportScenario(dir, book, inv);
    }

    private static String yamlQuoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public Bollard.Run apply(String... more) {
        return run(false, more);
    }

    public Bollard.Run verify(String... more) {
        return run(true, more);
    }

    private Bollard.Run run(boolean verify, String... more) {
        List<String> args = new ArrayList<>();
        if (verify) args.add("verify");
        // the journal beside the playbook: a verify after apply and hand edit reports drift from it
        args.addAll(List.of(playbook.toString(), "-i", inventory.toString(), "--host-key-policy", "off", "-T", "3",
                "-e", "bollard_journal_dir=" + dir.resolve("journal")));
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    /** A hand edit on {@code here}: daemon.json turns icc back on, so cis-2.2 and seed-001 no longer hold. */
    public void tamper() throws IOException {
        Files.writeString(dir.resolve("here/daemon.json"), "{\"icc\": true}");
    }

    /** Apply, tamper, then verify writing the given files (with --diff); the verify run. */
    public Bollard.Run verifyAfterHandEdit(Path... reports) throws IOException {
        Bollard.Run apply = apply();
        if (apply.code() != 3) throw new IllegalStateException("apply should reach here and not gone: " + apply);
        tamper();
        List<String> args = new ArrayList<>(List.of("--diff"));
        for (Path p : reports) args.addAll(List.of("--report", p.toString()));
        return verify(args.toArray(String[]::new));
    }
}
