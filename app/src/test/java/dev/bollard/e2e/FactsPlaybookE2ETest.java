package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts in a real playbook over SSH, on the systemd container: conditions and templates that
 * read them through check, apply and a converged re-run; what gathering costs in round trips;
 * service_facts and package_facts read by later tasks.
 */
class FactsPlaybookE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.systemd();

    @TempDir
    Path dir;

    private Bollard.Run bollard(Path book, String... more) throws Exception {
        Path inv = Bollard.inventory(dir, "deploy", target.get());
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(book.toString(), "-i", inv.toString(), "--json",
                "--host-key-policy", "off"));
        args.addAll(java.util.List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    @Test
    void factsDriveConditionsAndTemplatesThroughCheckApplyAndConverge() throws Exception {
        Files.writeString(dir.resolve("motd.j2"), """
                {{ inventory_hostname }} runs {{ ansible_facts.distribution }} {{ ansible_distribution_version }} ({{ ansible_distribution_release }})
                {% if ansible_virtualization_role == 'guest' %}a {{ ansible_virtualization_type }} guest with {% endif %}{{ ansible_processor_vcpus }} CPUs and {{ ansible_memtotal_mb }} MiB
                address {{ ansible_default_ipv4.address }} via {{ ansible_default_ipv4.interface }}, services by {{ ansible_service_mgr }}
                """);
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  become: true
                  tasks:
                    - name: motd from the facts
                      template: {src: motd.j2, dest: /etc/motd-facts}
                      when: ansible_facts.os_family == 'Debian'
                    - name: backports of this release
                      copy:
                        content: "deb http://deb.debian.org/debian {{ ansible_distribution_release }}-backports main\\n"
                        dest: /etc/apt/sources.list.d/backports.list
                      when: ansible_distribution == 'Debian' and ansible_distribution_major_version | int >= 12
                    - name: never on Debian
                      copy: {content: "x\\n", dest: /etc/not-debian}
                      when: ansible_os_family != 'Debian'
                    - name: whose facts
                      copy:
                        content: "{{ ansible_user_id }} {{ ansible_env.SUDO_USER }} {{ hostvars['t1'].ansible_facts.pkg_mgr }}\\n"
                        dest: /etc/facts-user
                """);
        String expectedMotd = "t1 runs Debian 12 (bookworm)\na docker guest with " + target.get().exec("nproc").out().strip() + " CPUs and "
                + (Long.parseLong(target.get().exec("awk '/MemTotal/ {print $2}' /proc/meminfo").out().strip()) / 1024) + " MiB\naddress "
                + target.get().exec("ip -4 route get 8.8.8.8 | awk '{for (i = 1; i < NF; i++) if ($i == \"src\") print $(i + 1)}'").out().strip()
                + " via eth0, services by systemd\n";

        Bollard.Run check = bollard(book, "--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        assertEquals("ok", check.task("Gathering Facts").get(0).path("status").asText(), check.toString());
        assertEquals(3, check.changed("t1"), check.toString());
        assertEquals("skipped", check.task("never on Debian").get(0).path("status").asText());
        assertTrue(check.task("motd from the facts").get(0).path("diff").toString().contains("bookworm"), check.toString());
        assertFalse(target.get().exec("test -e /etc/motd-facts").ok(), "check mode wrote the motd");

        Bollard.Run apply = bollard(book);
        assertEquals(0, apply.code(), apply.toString());
        assertEquals(3, apply.changed("t1"), apply.toString());
        assertEquals(expectedMotd, target.get().exec("cat /etc/motd-facts").out());
        assertEquals("deb http://deb.debian.org/debian bookworm-backports main\n", target.get().exec("cat /etc/apt/sources.list.d/backports.list").out());
        assertEquals("root deploy apt\n", target.get().exec("cat /etc/facts-user").out(),
                "as in Ansible, a play that becomes root gathers root's facts");
        assertFalse(target.get().exec("test -e /etc/not-debian").ok());

        Bollard.Run again = bollard(book);
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());
    }

    @Test
    void gatheringCostsOneRoundTripAndNoneWhenTurnedOff() throws Exception {
        String play = """
                - hosts: all
                  gather_facts: GATHER
                  become: true
                  tasks:
                    - copy: {content: "quiet\\n", dest: /etc/quiet}
                    - file: {path: /etc/quiet, mode: "0644"}
                    - lineinfile: {path: /etc/quiet, line: quiet}
                """;
        Path on = Files.writeString(dir.resolve("on.yml"), play.replace("GATHER", "true"));
        Path off = Files.writeString(dir.resolve("off.yml"), play.replace("GATHER", "false"));
        assertEquals(0, bollard(off).code());

        Bollard.Run without = bollard(off);
        assertEquals(0, without.changed("t1"), without.toString());
        assertTrue(without.task("Gathering Facts").isEmpty(), without.toString());
        Bollard.Run with = bollard(on);
        assertEquals(0, with.changed("t1"), with.toString());
        assertEquals(1, with.task("Gathering Facts").size(), with.toString());
        int roundTripsWithout = without.recap("t1").path("round_trips").asInt();
        assertEquals(roundTripsWithout + 1, with.recap("t1").path("round_trips").asInt(),
                "gathering is one more round trip: " + without.recap("t1") + " / " + with.recap("t1"));

        // what one gathering costs here, against one bare command, over the same connection
        Path gather = Files.writeString(dir.resolve("gather.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - setup:
                      loop: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                """);
        Path bare = Files.writeString(dir.resolve("bare.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: "true"
                      changed_when: false
                      loop: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                """);
        long gatherMs = bollard(gather).recap("t1").path("round_trip_ms").asLong();
        long bareMs = bollard(bare).recap("t1").path("round_trip_ms").asLong();
        System.out.printf("one fact gathering on %s: %.1f ms (one bare command: %.1f ms), averaged over 10%n",
                SshTarget.SYSTEMD_IMAGE, gatherMs / 10.0, bareMs / 10.0);
    }

    @Test
    void serviceAndPackageFactsReadByLaterTasks() throws Exception {
        Path book = Files.writeString(dir.resolve("services.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - service_facts:
                    - ansible.builtin.package_facts: {manager: auto}
                    - name: sshd as systemd and dpkg see it
                      assert:
                        that:
                          - ansible_facts.services['ssh.service'].state == 'running'
                          - ansible_facts.services['ssh.service'].status == 'enabled'
                          - services['ssh.service'].source == 'systemd'
                          - "'openssh-server' in ansible_facts.packages"
                          - packages['openssh-server'][0].source == 'apt'
                          - hostvars[inventory_hostname].ansible_facts.packages['openssh-server'][0].arch == 'amd64'
                    - name: the version of the running sshd
                      become: true
                      copy:
                        content: "{{ ansible_facts.packages['openssh-server'][0].version }}\\n"
                        dest: /etc/sshd-version
                      when: ansible_facts.services['ssh.service'].state == 'running'
                    - name: never for a unit that is not there
                      debug: {msg: no}
                      when: services['nosuch.service'] is defined
                """);
        Bollard.Run check = bollard(book, "--check");
        assertEquals(0, check.code(), check.toString());
        assertEquals("ok", check.task("service_facts").get(0).path("status").asText(), "read-only: runs in check mode too");
        assertEquals(1, check.changed("t1"), check.toString());
        Bollard.Run apply = bollard(book);
        assertEquals(0, apply.code(), apply.toString());
        assertEquals(target.get().exec("dpkg-query -W -f='${Version}' openssh-server").out() + "\n", target.get().exec("cat /etc/sshd-version").out());
        assertEquals("skipped", apply.task("never for a unit that is not there").get(0).path("status").asText());
        Bollard.Run again = bollard(book);
        assertEquals(0, again.changed("t1"), again.toString());
        assertEquals(4, again.recap("t1").path("round_trips").asInt(),
                "service_facts, package_facts, the copy's own read and the run journal's entry: " + again.recap("t1"));
    }
}
