package dev.bollard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Task lists played as root on one SSH target (host t1), from a playbook written in a scratch
 * directory, and the cycle the module e2e tests put each through: check changes nothing on the
 * host, apply changes, a second apply changes nothing, verify holds.
 */
public final class PlaybookCycle {
    private final SshTarget target;
    private final Path dir;

    public PlaybookCycle(SshTarget target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    /** The check and the first apply of a cycle. */
    public record Runs(Bollard.Run check, Bollard.Run apply) {
    }

    /** Runs {@code tasks} (command null: a plain run, else verify...) with --json and host keys not checked, then {@code more}. */
    public Bollard.Run run(String command, String tasks, String... more) throws Exception {
        Path play = dir.resolve("play.yml");
        Files.writeString(play, "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks.indent(4));
        Path inv = Bollard.inventory(dir, "root", target);
        List<String> args = new ArrayList<>();
        if (command != null) args.add(command);
        args.addAll(List.of(play.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off"));
        args.addAll(List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    /**
     * Check changes nothing (the output of the command {@code hostState} stays the same), apply
     * changes, a second apply changes nothing, verify holds.
     */
    public Runs cycle(String tasks, String hostState) throws Exception {
        String before = target.exec(hostState).out();
        Bollard.Run check = run(null, tasks, "--check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("t1") > 0, check.toString());
        assertEquals(before, target.exec(hostState).out(), "check mode changed the host");
        Bollard.Run apply = run(null, tasks);
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.changed("t1") > 0, apply.toString());
        Bollard.Run again = run(null, tasks);
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());
        Bollard.Run verify = run("verify", tasks);
        assertEquals(0, verify.code(), verify.toString());
        return new Runs(check, apply);
    }
}
