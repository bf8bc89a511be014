package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.BollardProcess;
import dev.bollard.testing.ClassTarget;
import dev.bollard.testing.FaultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that misbehave on the host: one that never ends is killed at --timeout with everything
 * it started; one that prints gigabytes costs the control side a bounded tail; one that exits
 * without reading a large input ends the task at once.
 */
class CommandLimitsE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.sshd();

    @TempDir
    Path dir;

    private Path book(String tasks) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, "- hosts: all\n  become: true\n  gather_facts: false\n  tasks:\n" + tasks);
        return p;
    }

    @Test
    void aCommandThatNeverEndsIsKilledWithItsProcessGroupAtTheTimeout() throws Exception {
        Path book = book("""
                    - name: never ends
                      shell: sleep 300 & sleep 301; wait
                    - name: never reached
                      debug:
                        msg: after
                """);
        long start = System.currentTimeMillis();
        Bollard.Run run = Bollard.run(book.toString(), "-i", Bollard.inventory(dir, "deploy", target.get()).toString(), "--host-key-policy", "off",
                "--timeout", "3");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.out().contains("failed: [t1] command timed out after 3 s on t1 (--timeout); it was killed with every process it started"),
                run.out());
        assertTrue(System.currentTimeMillis() - start < 30_000, "ended at the timeout, not at the connection's wait");
        assertEquals("0", target.get().exec("pgrep -c -f '^sleep 30[01]$' || true").out().trim(), "nothing it started is left on the host");
        FaultRecord.write("a command that never ends (--timeout 3)", FaultRecord.line(run.out(), "failed: [t1]"), run.code(),
                "nothing it started is left", "-", System.currentTimeMillis() - start);
    }

    @Test
    void aFloodOfOutputKeepsOnlyItsTailInBoundedMemory() throws Exception {
        Path book = book("""
                    - name: a gigabyte of output
                      shell: yes | head -c 1073741824
                      register: flood
                    - name: what was kept
                      debug:
                        msg: "kept {{ flood.stdout | length }} characters; {{ flood.stdout_lines[0] }}; last line {{ flood.stdout_lines[-1] }}"
                """);
        // 128 MiB of heap cannot hold a gigabyte: the run only passes if the output is not kept whole
        BollardProcess run = BollardProcess.start(dir, List.of("-Xmx128m"), book.toString(), "-i",
                Bollard.inventory(dir, "deploy", target.get()).toString(), "--host-key-policy", "off");
        long start = System.currentTimeMillis();
        Bollard.Run done = run.await(600);
        System.out.println("[CommandLimitsE2ETest] 1 GiB of output read in " + (System.currentTimeMillis() - start) + " ms");
        assertEquals(0, done.code(), done.toString());
        // the kept part starts at its first whole line: "y\n" pairs, so two bytes more are dropped than the 2 MiB cut
        Matcher m = Pattern.compile("ok: \\[t1] kept (\\d+) characters; \\[bollard: the first 1022\\.0 MiB \\(1071644674 bytes\\) of this "
                + "output were dropped; only the last 2\\.0 MiB \\(2097150 bytes\\) were kept]; last line y").matcher(done.out());
        assertTrue(m.find(), done.out());
        assertTrue(Long.parseLong(m.group(1)) < 2_100_000, m.group(1));
        FaultRecord.write("1 GiB of output in a 128 MiB heap", "ok: [t1] kept " + m.group(1) + " characters; [bollard: the first 1022.0 MiB ... dropped; "
                + "only the last 2.0 MiB ... kept]", done.code(), "-", "-", System.currentTimeMillis() - start);
    }

    @Test
    void aCommandThatExitsWithoutReadingALargeInputEndsAtOnce() throws Exception {
        Path big = dir.resolve("big.txt");
        Files.writeString(big, "x".repeat(64 << 20));
        Path book = book("""
                    - name: reads ten bytes of 64 MiB
                      command: head -c 10
                      args:
                        stdin: "{{ lookup('file', 'big.txt') }}"
                      register: head
                    - name: the connection still works
                      command: echo still here
                      changed_when: false
                    - debug:
                        msg: "{{ head.stdout }}"
                """);
        long start = System.currentTimeMillis();
        Bollard.Run run = Bollard.run(book.toString(), "-i", Bollard.inventory(dir, "deploy", target.get()).toString(), "--host-key-policy", "off");
        long took = System.currentTimeMillis() - start;
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("ok: [t1] xxxxxxxxxx"), run.out());
        // a write that waited for window space the command would never give back held the connection for 30 s
        assertTrue(took < 25_000, "took " + took + " ms");
        FaultRecord.write("64 MiB of input to head -c 10", FaultRecord.line(run.out(), "ok: [t1] xxxx"), run.code(), "-", "-", took);
    }
}
