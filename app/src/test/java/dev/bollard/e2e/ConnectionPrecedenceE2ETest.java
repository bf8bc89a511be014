package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bollard.testing.AnsiblePlaybook;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a task logs in as, when the inventory's ansible_user, the play's and the task's remote_user,
 * play and task {@code vars: ansible_user}, {@code ansible_become} and {@code -e} disagree: each task
 * writes {@code whoami} and its SSH_CONNECTION into /tmp on one sshd container, for two inventory hosts
 * pointing at it (one with ansible_user, one without). Bollard's files are compared with what
 * ansible-playbook leaves for the same playbook, and with the users Ansible's documented precedence gives.
 */
class ConnectionPrecedenceE2ETest {
    private static final String PLAY = """
            - hosts: all
              gather_facts: false
              remote_user: alice
              tasks:
                - name: play remote_user below inventory ansible_user
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t1-{{ inventory_hostname }}"
                - name: task remote_user
                  remote_user: deploy
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t2-{{ inventory_hostname }}"
                - name: task vars ansible_user above inventory
                  vars: {ansible_user: deploy}
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t3-{{ inventory_hostname }}"
                - name: same user as the first task, same connection
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t4-{{ inventory_hostname }}"
            - hosts: all
              gather_facts: false
              vars: {ansible_user: alice}
              tasks:
                - name: play vars ansible_user above inventory
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t5-{{ inventory_hostname }}"
                - name: task remote_user below play vars ansible_user
                  remote_user: root
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t6-{{ inventory_hostname }}"
                - name: ansible_become in task vars
                  vars: {ansible_user: deploy, ansible_become: true}
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t7-{{ inventory_hostname }}"
                - name: ansible_become variable above the become keyword
                  vars: {ansible_user: deploy, ansible_become: true}
                  become: false
                  shell: "{ whoami; echo $SSH_CONNECTION; } > /tmp/{{ run }}-t8-{{ inventory_hostname }}"
            """;

    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    @Test
    void connectionVariablesAndRemoteUserFollowAnsiblesPrecedence() throws Exception {
        Path book = dir.resolve("who.yml");
        Files.writeString(book, PLAY);
        Path inventory = dir.resolve("hosts.yml");
        Files.writeString(inventory, "all:\n  hosts:\n" + target.get().inventoryEntry("inv", "root") + entryWithoutUser("kw"));

        Bollard.Run run = Bollard.run(book.toString(), "-i", inventory.toString(), "--host-key-policy", "off", "-e", "run=b");
        assertEquals(0, run.code(), run.toString());
        Map<String, String> bollard = users("b");
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("t1-inv", "root"), Map.entry("t1-kw", "alice"),
                Map.entry("t2-inv", "root"), Map.entry("t2-kw", "deploy"),
                Map.entry("t3-inv", "deploy"), Map.entry("t3-kw", "deploy"),
                Map.entry("t4-inv", "root"), Map.entry("t4-kw", "alice"),
                Map.entry("t5-inv", "alice"), Map.entry("t5-kw", "alice"),
                Map.entry("t6-inv", "alice"), Map.entry("t6-kw", "alice"),
                Map.entry("t7-inv", "root"), Map.entry("t7-kw", "root"),
                Map.entry("t8-inv", "root"), Map.entry("t8-kw", "root"))), bollard);
        // one connection per user and host: the first and fourth tasks share theirs, the second does not
        assertEquals(connection("b", "t1-kw"), connection("b", "t4-kw"));
        assertNotEquals(connection("b", "t1-kw"), connection("b", "t2-kw"));

        Bollard.Run forced = Bollard.run(book.toString(), "-i", inventory.toString(), "--host-key-policy", "off",
                "-e", "run=be", "-e", "ansible_user=deploy");
        assertEquals(0, forced.code(), forced.toString());
        Map<String, String> bollardForced = users("be");
        bollardForced.forEach((task, user) -> assertEquals(task.startsWith("t7") || task.startsWith("t8") ? "root" : "deploy", user, "-e ansible_user wins: " + task));

        if (ansibleAvailable()) {
            Path ansibleInventory = dir.resolve("ansible.yml");
            Files.writeString(ansibleInventory, "all:\n  vars:\n"
                    + "    ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n"
                    + "    ansible_python_interpreter: /usr/bin/python3\n"
                    + "  hosts:\n" + target.get().inventoryEntry("inv", "root") + entryWithoutUser("kw"));
            AnsiblePlaybook.Run ansible = AnsiblePlaybook.run(dir, ansibleInventory, book, "inv", List.of("-e", "run=a"));
            assertEquals(0, ansible.code(), ansible.toString());
            assertEquals(users("a"), bollard, "ansible-playbook's users (left) and Bollard's");
            AnsiblePlaybook.Run ansibleForced = AnsiblePlaybook.run(dir, ansibleInventory, book, "inv", List.of("-e", "run=ae", "-e", "ansible_user=deploy"));
            assertEquals(0, ansibleForced.code(), ansibleForced.toString());
            assertEquals(users("ae"), bollardForced, "with -e ansible_user: ansible-playbook's users (left) and Bollard's");
        }
    }

    /** The host without ansible_user: the login user comes from the keywords (remote_user) or variables. */
    private String entryWithoutUser(String name) {
        return "    " + name + ":\n"
                + "      ansible_host: " + target.get().host() + "\n"
                + "      ansible_port: " + target.get().port() + "\n"
                + "      ansible_ssh_private_key_file: " + target.get().privateKey() + "\n";
    }

    private static boolean ansibleAvailable() {
        try {
            AnsiblePlaybook.require();
            return true;
        } catch (org.opentest4j.TestAbortedException e) {
            return false;
        }
    }

    /** Task-host to the user its file says, for the files of one run. */
    private static Map<String, String> users(String run) {
        Map<String, String> out = new TreeMap<>();
        String listing = target.get().exec("cd /tmp && for f in " + run + "-t*; do echo \"${f#" + run + "-} $(head -1 $f)\"; done").out();
        for (String line : listing.strip().split("\n")) {
            String[] p = line.split(" ");
            out.put(p[0], p[1]);
        }
        return out;
    }

    private static String connection(String run, String task) {
        return target.get().exec("sed -n 2p /tmp/" + run + "-" + task).out().strip();
    }
}
