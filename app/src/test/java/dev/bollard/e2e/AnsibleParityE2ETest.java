package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bollard.testing.AnsiblePlaybook;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.FileTree;
import dev.bollard.testing.SshTarget;
import dev.bollard.testing.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same playbook and templates (src/test/resources/parity) run by ansible-playbook on one fresh
 * host and by Bollard on another: after the first apply and after a second one, every file the
 * play manages is byte-identical with the same mode and owner on both hosts, and every task ends
 * with the same status (changed, ok, skipped), nothing changing the second time.
 */
class AnsibleParityE2ETest {
    private static final String HOST = "t1";
    private static final String BASE = "/srv/parity";
    private static final String ANSIBLE = "ansible";
    private static final String BOLLARD = "Bollard";

    @TempDir
    Path dir;

    @Test
    void bothToolsLeaveTheSameFilesAndReportTheSameStatuses() throws Exception {
        AnsiblePlaybook.require();
        try (SshTarget forAnsible = SshTarget.sshd(); SshTarget forBollard = SshTarget.sshd()) {
            Path play = Bollard.resources("parity", dir.resolve("play")).resolve("parity.yml");
            Path inventories = Files.createDirectories(dir.resolve("inventories"));
            Path ansibleInventory = AnsiblePlaybook.inventory(inventories.resolve("ansible.yml"), HOST, forAnsible);
            Path bollardInventory = inventories.resolve("bollard.yml");
            Files.writeString(bollardInventory, "all:\n  hosts:\n" + forBollard.inventoryEntry(HOST, "root"));

            Side first = applyBoth(play, ansibleInventory, bollardInventory);
            first.assertSame("first apply", forAnsible, forBollard);
            assertTrue(first.ansible().tasks().stream().anyMatch(t -> t.status().equals("changed")), "the first apply changed nothing");

            Side again = applyBoth(play, ansibleInventory, bollardInventory);
            again.assertSame("second apply", forAnsible, forBollard);
            assertEquals(0, again.ansible().changed(), "ansible-playbook changed something on the second apply\n" + again.ansible());
            assertEquals(0, again.bollard().changed(HOST), "Bollard changed something on the second apply\n" + again.bollard());
        }
    }

    /** Both tools at once, each on its own host; Ansible in a subprocess, Bollard in this JVM. */
    private Side applyBoth(Path play, Path ansibleInventory, Path bollardInventory) {
        CompletableFuture<AnsiblePlaybook.Run> ansible = CompletableFuture.supplyAsync(
                () -> AnsiblePlaybook.run(dir, ansibleInventory, play, HOST));
        Bollard.Run bollard = Bollard.run(play.toString(), "-i", bollardInventory.toString(), "--json", "--host-key-policy", "off");
        try {
            return new Side(ansible.join(), bollard);
        } catch (CompletionException e) {
            // a skip or an assertion from the Ansible side stays what it is
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private record Side(AnsiblePlaybook.Run ansible, Bollard.Run bollard) {
        void assertSame(String phase, SshTarget forAnsible, SshTarget forBollard) {
            List<TaskStatus> a = ansible.tasks();
            List<TaskStatus> b = TaskStatus.of(bollard, HOST);
            String tasks = TaskStatus.differences(ANSIBLE, a, BOLLARD, b);
            if (tasks != null) {
                fail(phase + ": task statuses differ\n" + tasks + (bollard.err().isBlank() ? "" : "Bollard said: " + bollard.err()));
            }
            assertEquals(0, ansible.code(), phase + ": " + ansible);
            assertEquals(0, bollard.code(), phase + ": " + bollard);
            String files = FileTree.differences(ANSIBLE, FileTree.read(forAnsible, BASE), BOLLARD, FileTree.read(forBollard, BASE));
            if (files != null) fail(phase + ": the hosts differ under " + BASE + "\n" + files);
        }
    }
}
