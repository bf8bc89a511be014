package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bollard.testing.AnsibleGuard;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.DockerGuard;
import dev.bollard.testing.SshTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bollard's facts against Ansible's own modules (setup, service_facts, package_facts) run by the
 * {@code ansible} command on the same systemd container, as the same user, key by key. Values that
 * move between the two runs (the time, free memory and space) are compared within a margin; env is
 * compared on what the SSH login gives both (Ansible adds its own variables around Python).
 */
class FactsVersusAnsibleE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The facts compared: every one the task names, as Ansible 2.14 names them. */
    static final List<String> KEYS = List.of("distribution", "distribution_version", "distribution_major_version",
            "distribution_release", "os_family", "system", "kernel", "kernel_version", "architecture", "machine", "hostname",
            "fqdn", "nodename", "domain", "virtualization_type", "virtualization_role", "env", "user_id", "user_uid", "user_gid",
            "user_dir", "user_shell", "memtotal_mb", "memfree_mb", "processor_vcpus", "processor_count", "processor_cores",
            "mounts", "default_ipv4", "all_ipv4_addresses", "service_mgr", "pkg_mgr", "date_time", "lsb");
    private static final List<String> ENV_KEYS = List.of("HOME", "USER", "LOGNAME", "SHELL", "PATH");

    @TempDir
    static Path dir;
    private static SshTarget target;

    @BeforeAll
    static void start() {
        AnsibleGuard.require();
        DockerGuard.require(SshTarget.SYSTEMD_IMAGE);
        target = SshTarget.systemd();
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    /** As a plain user, then as root, who can read more (PID 1's environment, dmidecode). */
    @ParameterizedTest
    @ValueSource(strings = {"deploy", "root"})
    void setupGivesTheSameFactsAsAnsible(String user) throws Exception {
        JsonNode ansible = ansible(user, "setup").path("ansible_facts");
        Map<String, JsonNode> bollard = bollardFacts(user);
        Map<String, String> outcome = new LinkedHashMap<>();
        List<String> different = new ArrayList<>();
        for (String key : KEYS) {
            JsonNode a = ansible.path("ansible_" + key);
            JsonNode b = bollard.get("ansible_" + key);
            String verdict = compare(key, a, b);
            outcome.put(key, verdict);
            if (verdict.startsWith("DIFFERENT")) different.add(key + ": " + verdict);
        }
        outcome.put("python", "left out: Bollard runs no Python on the host (Ansible: " + ansible.path("ansible_python").path("executable") + ")");
        // the other facts Bollard gathers must agree too
        for (String name : bollard.keySet()) {
            String key = name.startsWith("ansible_") ? name.substring(8) : name;
            if (KEYS.contains(key)) continue;
            String verdict = compare(key, ansible.path(name), bollard.get(name));
            outcome.put(key, verdict);
            if (verdict.startsWith("DIFFERENT")) different.add(key + ": " + verdict);
        }
        List<String> ansibleOnly = new ArrayList<>();
        ansible.fieldNames().forEachRemaining(n -> {
            if (!bollard.containsKey(n)) ansibleOnly.add(n.startsWith("ansible_") ? n.substring(8) : n);
        });
        outcome.put("(not gathered)", "Ansible's only: " + ansibleOnly);
        StringBuilder table = new StringBuilder("Bollard's facts against Ansible's on " + SshTarget.SYSTEMD_IMAGE + " as " + user + ":\n");
        outcome.forEach((k, v) -> table.append(String.format("  %-28s %s%n", k, v)));
        System.out.print(table);
        assertTrue(different.isEmpty(), table + "\ndifferent: " + different);
    }

    @Test
    void serviceFactsListWhatAnsibleListsFromSystemd() throws Exception {
        JsonNode ansible = ansible("deploy", "service_facts").path("ansible_facts").path("services");
        Map<String, JsonNode> fromSystemd = new TreeMap<>();
        ansible.fields().forEachRemaining(e -> {
            if (e.getValue().path("source").asText().equals("systemd")) fromSystemd.put(e.getKey(), e.getValue());
        });
        JsonNode bollard = bollardResult("service_facts", "services");
        Map<String, JsonNode> ours = new TreeMap<>();
        bollard.fields().forEachRemaining(e -> ours.put(e.getKey(), e.getValue()));
        assertTrue(fromSystemd.size() > 20, "Ansible listed systemd services: " + fromSystemd.keySet());
        assertEquals(fromSystemd, ours);
    }

    @Test
    void packageFactsListWhatAnsibleListsWithApt() throws Exception {
        // Ansible reads packages through python3-apt, which the image lacks: installed here, for both to see
        SshTarget.ExecResult apt = target.exec("apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-apt 2>&1");
        Assumptions.assumeTrue(apt.ok(), "package_facts not compared: python3-apt could not be installed in the container: " + apt.out());
        JsonNode ansible = ansible("deploy", "package_facts").path("ansible_facts").path("packages");
        JsonNode bollard = bollardResult("package_facts", "packages");
        Map<String, String> a = new TreeMap<>();
        ansible.fields().forEachRemaining(e -> a.put(e.getKey(), comparable(e.getValue())));
        Map<String, String> b = new TreeMap<>();
        bollard.fields().forEachRemaining(e -> b.put(e.getKey(), comparable(e.getValue())));
        assertTrue(a.size() > 100, a.keySet().toString());
        List<String> different = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(a.keySet())) {
            if (!a.get(name).equals(b.get(name))) different.add(name + ": Ansible " + a.get(name) + ", Bollard " + b.get(name));
        }
        for (String name : b.keySet()) if (!a.containsKey(name)) different.add(name + ": Bollard only");
        assertTrue(different.isEmpty(), "name, version, arch and source of every package: " + different);
    }

    /** A package's versions without apt's origin and category, which dpkg cannot tell. */
    private static String comparable(JsonNode versions) {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode v : versions) {
            Map<String, String> m = new TreeMap<>();
            v.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("origin") && !e.getKey().equals("category")) m.put(e.getKey(), e.getValue().asText());
            });
            out.add(m);
        }
        return out.toString();
    }

    /** How one fact compares: equal, equal within a margin for what moves, or DIFFERENT with both values. */
    static String compare(String key, JsonNode a, JsonNode b) {
        if (a == null || a.isMissingNode()) return "DIFFERENT: Ansible has no " + key;
        if (b == null) return "DIFFERENT: Bollard has no " + key + " (Ansible: " + a + ")";
        switch (key) {
            case "memfree_mb" -> {
                long d = Math.abs(a.asLong() - b.asLong());
                return d <= Math.max(512, a.asLong() / 10) ? "equal within " + d + " MiB (memory moves between the runs)" : different(a, b);
            }
            case "date_time" -> {
                long d = Math.abs(a.path("epoch").asLong() - b.path("epoch").asLong());
                boolean same = fieldNames(a).equals(fieldNames(b)) && d < 600
                        && List.of("tz", "tz_dst", "tz_offset").stream().allMatch(k -> a.path(k).equals(b.path(k)));
                return same ? "same keys, zone and offset; times " + d + " s apart (the runs' own times)" : different(a, b);
            }
            case "env" -> {
                for (String k : ENV_KEYS) if (!a.path(k).equals(b.path(k))) return different(a, b);
                return "equal on " + String.join(", ", ENV_KEYS) + " (the rest depends on how each runs its commands)";
            }
            case "mounts" -> {
                return mounts(a, b);
            }
            case "interfaces", "virtualization_tech_guest", "virtualization_tech_host" -> {
                // Ansible builds these from dictionaries and sets: their order is its own
                return sorted(a).equals(sorted(b)) ? "equal as sets (" + abbreviate(a) + ")" : different(a, b);
            }
            case "uptime_seconds" -> {
                long d = Math.abs(a.asLong() - b.asLong());
                return d < 600 ? "equal within " + d + " s" : different(a, b);
            }
            case "memory_mb" -> {
                boolean same = a.path("real").path("total").equals(b.path("real").path("total")) && a.path("swap").equals(b.path("swap"))
                        && Math.abs(a.path("real").path("free").asLong() - b.path("real").path("free").asLong()) <= 512;
                return same ? "equal totals and swap, free within 512 MiB" : different(a, b);
            }
            default -> {
                return a.equals(b) ? "equal (" + abbreviate(a) + ")" : different(a, b);
            }
        }
    }

    /** The same mount points with the same devices, types, options, UUIDs and sizes; free space within 1%. */
    private static String mounts(JsonNode a, JsonNode b) {
        Map<String, JsonNode> am = byMount(a);
        Map<String, JsonNode> bm = byMount(b);
        if (!am.keySet().equals(bm.keySet())) return "DIFFERENT mount points: Ansible " + am.keySet() + ", Bollard " + bm.keySet();
        for (String m : am.keySet()) {
            JsonNode x = am.get(m);
            JsonNode y = bm.get(m);
            if (!fieldNames(x).equals(fieldNames(y))) return "DIFFERENT keys of " + m + ": " + fieldNames(x) + " / " + fieldNames(y);
            for (String k : fieldNames(x)) {
                boolean moves = k.endsWith("_available") || k.endsWith("_used");
                long total = Math.max(1, x.path(k.startsWith("inode") ? "inode_total" : k.startsWith("size") ? "size_total" : "block_total").asLong());
                boolean ok = moves ? Math.abs(x.path(k).asLong() - y.path(k).asLong()) <= total / 100 : x.path(k).equals(y.path(k));
                if (!ok) return "DIFFERENT " + m + " " + k + ": Ansible " + x.path(k) + ", Bollard " + y.path(k);
            }
        }
        return "equal: " + am.keySet() + " (free space within 1%, the disk is shared)";
    }

    private static Map<String, JsonNode> byMount(JsonNode list) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode m : list) out.put(m.path("mount").asText(), m);
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        out.sort(null);
        return out;
    }

    private static List<String> sorted(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) out.add(n.asText());
        out.sort(null);
        return out;
    }

    private static String different(JsonNode a, JsonNode b) {
        return "DIFFERENT: Ansible " + a + ", Bollard " + b;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Runs one of Ansible's modules on the target, logged in as {@code user}, and returns its result. */
    private static JsonNode ansible(String user, String module) throws Exception {
        Path inv = dir.resolve("ansible-hosts");
        Files.writeString(inv, "t1 ansible_host=" + target.host() + " ansible_port=" + target.port() + " ansible_user=" + user
                + " ansible_ssh_private_key_file=" + target.privateKey() + " ansible_python_interpreter=/usr/bin/python3"
                + " ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n");
        List<String> cmd = List.of("ansible", "t1", "-i", inv.toString(), "-m", module);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("ansible.err").toFile());
        pb.environment().put("ANSIBLE_HOME", dir.resolve("ansible-home").toString());
        pb.environment().put("ANSIBLE_HOST_KEY_CHECKING", "False");
        pb.environment().put("ANSIBLE_LOAD_CALLBACK_PLUGINS", "True");
        pb.environment().put("ANSIBLE_STDOUT_CALLBACK", "json");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "ansible -m " + module + " did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "ansible -m " + module + ": " + text + Files.readString(dir.resolve("ansible.err")));
        return JSON.readTree(text.substring(text.indexOf('{'))).path("plays").path(0).path("tasks").path(0).path("hosts").path("t1");
    }

    private static Path inventory(String user) throws Exception {
        Path inv = dir.resolve("bollard-inventory.yml");
        Files.writeString(inv, "all:\n  hosts:\n" + target.inventoryEntry("t1", user));
        return inv;
    }

    /**
     * Bollard's facts as a play gathers them (printed by debug), after asserting that each one is
     * also a variable of its own and in hostvars, as Ansible injects them.
     */
    private static Map<String, JsonNode> bollardFacts(String user) throws Exception {
        Path book = dir.resolve("facts.yml");
        Files.writeString(book, """
                - hosts: all
                  tasks:
                    - name: each fact is a variable of its own and in hostvars too
                      assert:
                        that:
                          - lookup('vars', 'ansible_' + item) == ansible_facts[item]
                          - hostvars[inventory_hostname]['ansible_' + item] == ansible_facts[item]
                      loop: KEYS
                    - name: the facts
                      setup:
                      register: gathered
                    - name: print them
                      debug: {var: gathered.ansible_facts}
                """.replace("KEYS", JSON.writeValueAsString(KEYS)));
        Bollard.Run run = Bollard.run(book.toString(), "-i", inventory(user).toString(), "--json", "--host-key-policy", "off");
        assertEquals(0, run.code(), run.toString());
        String msg = run.task("print them").get(0).path("msg").asText();
        JsonNode facts = JSON.readTree(msg.substring(msg.indexOf('=') + 1));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        facts.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** What one of Bollard's facts modules put under ansible_facts, read back through the variable Ansible gives it. */
    private static JsonNode bollardResult(String module, String fact) throws Exception {
        Path book = dir.resolve(module + ".yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - MODULE:
                    - name: print them
                      debug: {var: ansible_facts.FACT}
                """.replace("MODULE", module).replace("FACT", fact));
        Bollard.Run run = Bollard.run(book.toString(), "-i", inventory("deploy").toString(), "--json", "--host-key-policy", "off");
        assertEquals(0, run.code(), run.toString());
        String msg = run.task("print them").get(0).path("msg").asText();
        return JSON.readTree(msg.substring(msg.indexOf('=') + 1));
    }
}
