package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.SshTarget;
import dev.bollard.testing.TmuxTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The questions and keys a user meets on a terminal, typed into a real pseudo-terminal (tmux) while
 * bollard works on an sshd container: --step's question before each task, the -K password prompt
 * (not echoed), and Ctrl-C pressed while a step runs on the host (the handler that step notified is
 * kept pending on the host).
 */
class TerminalE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    private Path inventory(String user, String more) throws Exception {
        Path inv = dir.resolve("hosts.yml");
        Files.writeString(inv, "all:\n  hosts:\n" + target.get().inventoryEntry("web", user) + more);
        return inv;
    }

    @Test
    void stepAsksBeforeEachTaskAsAnsibleDoes() throws Exception {
        Path book = dir.resolve("step.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: first
                      copy: {dest: /tmp/step-1, content: "1"}
                    - name: second
                      copy: {dest: /tmp/step-2, content: "2"}
                    - name: third
                      copy: {dest: /tmp/step-3, content: "3"}
                    - name: fourth
                      copy: {dest: /tmp/step-4, content: "4"}
                """);
        Path inv = inventory("root", "");
        try (TmuxTerminal t = TmuxTerminal.start(dir, book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "--step")) {
            t.await("Perform task: TASK: first (N)o/(y)es/(c)ontinue: ", 1, 60);
            t.type("y");
            t.press("Enter");
            t.await("Perform task: TASK: second (N)o/(y)es/(c)ontinue: ", 1, 60);
            t.press("Enter"); // the default: no
            t.await("Perform task: TASK: third (N)o/(y)es/(c)ontinue: ", 1, 60);
            t.type("c");
            t.press("Enter");
            assertEquals(0, t.exitCode(60), t.screen());
            String screen = t.screen();
            assertFalse(screen.contains("Perform task: TASK: fourth"), "asked again after (c)ontinue:\n" + screen);
            assertTrue(screen.contains("PLAY RECAP"), screen);
        }
        assertEquals("1", target.get().exec("cat /tmp/step-1").out());
        assertFalse(target.get().exec("test -e /tmp/step-2").ok(), "the task answered no ran");
        assertEquals("3", target.get().exec("cat /tmp/step-3").out());
        assertEquals("4", target.get().exec("cat /tmp/step-4").out());
    }

    @Test
    void becomePasswordPromptThenCtrlCWhileAStepRunsOnTheHost() throws Exception {
        Path book = dir.resolve("slow.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - name: slow step
                      shell: sleep 4 && id -un > /root/slow-done
                      notify: mark
                    - name: never started
                      copy: {dest: /root/never, content: "x"}
                  handlers:
                    - name: mark
                      copy: {dest: /root/marked, content: "x"}
                """);
        // alice's sudo asks for her password: the run must get it from the -K prompt
        Path inv = inventory("alice", "");
        try (TmuxTerminal t = TmuxTerminal.start(dir, book.toString(), "-i", inv.toString(), "--host-key-policy", "off", "-K")) {
            t.await("BECOME password: ", 1, 60);
            t.type(SshTarget.ALICE_PASSWORD);
            t.press("Enter");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && !target.get().exec("pgrep -f 'sleep [4]'").ok()) Thread.sleep(100);
            assertTrue(target.get().exec("pgrep -f 'sleep [4]'").ok(), "the slow step never started:\n" + t.screen());
            t.press("C-c");
            assertEquals(130, t.exitCode(60), t.screen());
            String screen = t.screen();
            assertFalse(screen.contains(SshTarget.ALICE_PASSWORD), "the password was echoed:\n" + screen);
            assertTrue(screen.contains("interrupted: no new task starts; waiting for the steps under way on web (slow step)"), screen);
            assertTrue(screen.contains("PLAY RECAP") && screen.contains("interrupted (Ctrl-C)"), screen);
        }
        assertEquals("root\n", target.get().exec("cat /root/slow-done").out(), "the step under way did not finish as root");
        assertFalse(target.get().exec("test -e /root/never").ok(), "a task started after Ctrl-C");
        // the handler the finished step notified did not run: it is kept pending for the next run
        assertFalse(target.get().exec("test -e /root/marked").ok(), "the handler ran after Ctrl-C");
        assertTrue(target.get().exec("cat /var/lib/bollard/pending-handlers.json").out().contains("\"notify\":\"mark\""),
                target.get().exec("ls -l /var/lib/bollard").out());
    }
}
