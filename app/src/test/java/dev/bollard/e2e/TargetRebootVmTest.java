package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.BollardProcess;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.SshTarget;
import dev.bollard.testing.vm.QemuVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM reboots (systemctl reboot) while a run is in a long step there, with a container as the
 * other host: the VM is reported unreachable in the task it was in, the other host finishes, exit 3;
 * once the VM is back a re-run does exactly what was left, and the run after it changes nothing.
 */
@Tag("vm")
class TargetRebootVmTest {
    /** Keep-alives every 2 s, three unanswered ones drop the connection (the guest's network may go before its sshd). */
    private static final String ALIVE = "ansible_ssh_common_args: -o ServerAliveInterval=2 -o ServerAliveCountMax=3";
    private static QemuVm vm;
    private static SshTarget healthy;

    @TempDir
    static Path dir;

    @BeforeAll
    static void boot() {
        healthy = SshTarget.sshd();
        vm = QemuVm.start();
    }

    @AfterAll
    static void shutdown() {
        if (vm != null) vm.close();
        if (healthy != null) healthy.close();
    }

    @Test
    void aTargetRebootedMidStepIsUnreachableInItsTaskAndTheRerunConverges() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inventory.yml"), """
                all:
                  vars:
                    ansible_become: true
                    %s
                  hosts:
                    vps:
                      ansible_host: %s
                      ansible_port: %d
                      ansible_user: %s
                      ansible_ssh_private_key_file: %s
                """.formatted(ALIVE, vm.host(), vm.port(), vm.user(), vm.privateKey()) + healthy.inventoryEntry("healthy", "deploy"));
        Path book = Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: first file
                      copy: {dest: /srv/reboot-one, content: "one\\n"}
                    - name: a long step
                      shell: sleep {{ nap if inventory_hostname == 'vps' else 1 }} && touch /srv/reboot-slept
                      args: {creates: /srv/reboot-slept}
                    - name: last file
                      copy: {dest: /srv/reboot-three, content: "three\\n"}
                """);
        String bootBefore = vm.exec("cat /proc/sys/kernel/random/boot_id").stdout().strip();
        BollardProcess run = BollardProcess.start(dir, List.of("-Xmx256m"), book.toString(), "-i", inventory.toString(),
                "--host-key-policy", "off", "-e", "nap=60");
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !vm.exec("pgrep -f '^sleep 60$'").ok()) Thread.sleep(300);
        assertTrue(vm.exec("pgrep -f '^sleep 60$'").ok(), () -> "the long step runs on the VM: " + output(run));

        long start = System.currentTimeMillis();
        CompletableFuture<Void> rebooted = CompletableFuture.runAsync(vm::reboot);
        Bollard.Run first = run.await(240);
        long took = System.currentTimeMillis() - start;
        rebooted.get(10, TimeUnit.MINUTES);
        assertNotEquals(bootBefore, vm.exec("cat /proc/sys/kernel/random/boot_id").stdout().strip(), "the VM rebooted");

        String out = first.out();
        assertEquals(3, first.code(), first.toString());
        assertEquals("a long step", ConnectionDropE2ETest.taskOf(out, "unreachable: [vps]"),
                "the VM is unreachable in the task it was in:\n" + out);
        String said = FaultRecord.line(out, "unreachable: [vps]");
        assertTrue(out.matches("(?s).*TASK \\[last file].*changed: \\[healthy].*"), "the other host went on:\n" + out);
        assertTrue(out.matches("(?s).*vps\\s+: ok=0\\s+changed=1\\s+unreachable=1\\s+failed=0.*"), out);
        assertTrue(out.matches("(?s).*healthy\\s+: ok=0\\s+changed=3\\s+unreachable=0\\s+failed=0.*"), out);
        assertTrue(took < 60_000, "found gone in " + took + " ms, before the step would have ended by itself");

        // the new boot: what was done is there, the step that was cut off left nothing half-done
        assertEquals("one\n", vm.exec("cat /srv/reboot-one").stdout());
        assertEquals("", vm.exec("sudo -n sh -c 'ls /srv/reboot-slept /srv/reboot-three 2>/dev/null; find /srv -name \".bollard.*\"'").stdout(),
                "nothing half-done");

        String[] again = {book.toString(), "-i", inventory.toString(), "--host-key-policy", "off", "-e", "nap=0"};
        Bollard.Run second = Bollard.run(again);
        assertEquals(0, second.code(), second.toString());
        assertEquals(List.of("a long step", "last file"), ConnectionDropE2ETest.changedTasks(second.out(), "vps"), second.out());
        assertEquals(List.of(), ConnectionDropE2ETest.changedTasks(second.out(), "healthy"), second.out());
        assertEquals("three\n", vm.exec("cat /srv/reboot-three").stdout());
        Bollard.Run third = Bollard.run(again);
        assertEquals(0, third.code(), third.toString());
        assertTrue(third.out().matches("(?s).*vps\\s+: ok=3\\s+changed=0\\s+unreachable=0\\s+failed=0.*"), third.out());
        FaultRecord.write("a target reboots mid-run (VM, systemctl reboot)", said, first.code(),
                "done steps kept across the boot, no temp file, cut step not half-done",
                "converged: changed exactly a long step, last file; then changed=0", took);
    }

    private static String output(BollardProcess run) {
        try {
            return run.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
