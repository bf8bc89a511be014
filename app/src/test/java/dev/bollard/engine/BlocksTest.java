package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** block, rescue and always on localhost, as Ansible runs them. */
class BlocksTest {
    @TempDir
    Path dir;

    private Bollard.Run run(String text) throws Exception {
        Path p = dir.resolve("site.yml");
        Files.writeString(p, text.replace("DIR", dir.toString()));
        return Bollard.run(p.toString());
    }

    private String log() throws Exception {
        return Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
    }

    @Test
    void aRescuedFailureLetsTheHostGoOn() throws Exception {
        Bollard.Run r = run("""
                - hosts: all
                  tasks:
                    - name: try
                      vars: {word: body}
                      block:
                        - shell: echo {{ word }} >> DIR/log
                        - name: breaks
                          command: "false"
                        - shell: echo not-reached >> DIR/log
                      rescue:
                        - shell: echo "rescue {{ ansible_failed_task.name }} rc={{ ansible_failed_result.rc }}" >> DIR/log
                      always:
                        - shell: echo always >> DIR/log
                    - shell: echo after >> DIR/log
                """);
        assertEquals(0, r.code(), r.toString());
        assertEquals("body\nrescue breaks rc=1\nalways\nafter\n", log());
        assertTrue(r.out().contains("failed=0") && r.out().contains("rescued=1"), r.out());
    }

    @Test
    void withoutRescueAlwaysRunsAndTheHostFails() throws Exception {
        Bollard.Run r = run("""
                - hosts: all
                  tasks:
                    - block:
                        - command: "false"
                      always:
                        - shell: echo always >> DIR/log
                    - shell: echo after >> DIR/log
                """);
        assertEquals(2, r.code(), r.toString());
        assertEquals("always\n", log());
        assertTrue(r.out().contains("failed=1"), r.out());
    }

    @Test
    void aFailingRescueFailsTheHostAfterAlways() throws Exception {
        Bollard.Run r = run("""
                - hosts: all
                  tasks:
                    - block:
                        - command: "false"
                      rescue:
                        - command: "false"
                        - shell: echo not-reached >> DIR/log
                      always:
                        - shell: echo always >> DIR/log
                    - shell: echo after >> DIR/log
                """);
        assertEquals(2, r.code(), r.toString());
        assertEquals("always\n", log());
    }

    @Test
    void anInnerFailureGoesToTheOuterRescueAndTheBlocksKeywordsAreHandedDown() throws Exception {
        Bollard.Run r = run("""
                - hosts: all
                  tasks:
                    - block:
                        - block:
                            - command: "false"
                          always:
                            - shell: echo inner-always >> DIR/log
                        - shell: echo not-reached >> DIR/log
                      rescue:
                        - shell: echo outer-rescue >> DIR/log
                    - block:
                        - shell: echo never >> DIR/log
                      when: false
                    - block:
                        - command: "false"
                        - shell: echo ignored-and-went-on >> DIR/log
                      ignore_errors: true
                """);
        assertEquals(0, r.code(), r.toString());
        assertEquals("inner-always\nouter-rescue\nignored-and-went-on\n", log());
        assertFalse(log().contains("never"));
    }

    @Test
    void anUnknownBlockKeywordIsRefused() throws Exception {
        Bollard.Run r = run("- hosts: all\n  tasks:\n    - block:\n        - debug: {msg: x}\n      throttle: 1\n");
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("site.yml:5: 'throttle' is not supported on a block"), r.err());
    }
}
