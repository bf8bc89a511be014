package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeLimitTest {
    private static final String SCRIPT = "printf '%s\\n' \"it's\" | grep -q it && echo $HOME";

    @Test
    void aWrappedScriptRunsAsWrittenAndStripsBack() throws Exception {
        String wrapped = TimeLimit.wrap(SCRIPT, Duration.ofSeconds(30));
        assertEquals(SCRIPT, TimeLimit.strip(wrapped));
        assertEquals(SCRIPT, TimeLimit.strip(new Become("root", null).wrap(wrapped, false)));
        assertEquals(SCRIPT, TimeLimit.strip(SCRIPT));
        ExecResult r = new LocalConnection().exec(wrapped, null, Duration.ofSeconds(30));
        assertEquals(System.getProperty("user.home") + "\n", r.stdout());
    }

    @Test
    void aScriptThatOutlivesTheLimitIsKilledWithWhatItStarted() throws Exception {
        HostState h = new HostState("here", new LocalConnection(), Duration.ofSeconds(1));
        String marker = "bollard-timelimit-" + ProcessHandle.current().pid();
        long start = System.nanoTime();
        CommandTimeout e = org.junit.jupiter.api.Assertions.assertThrows(CommandTimeout.class,
                () -> h.exec("sh -c 'sleep 300; :' " + marker + " & sleep 300", null, null));
        assertEquals("command timed out after 1 s on here (--timeout); it was killed with every process it started", e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - start < 10_000_000_000L, "killed at the limit, not at the connection's wait");
        Thread.sleep(300);
        ExecResult left = new LocalConnection().exec("pgrep -f '[b]" + marker.substring(1) + "' || true", null, Duration.ofSeconds(5));
        assertEquals("", left.stdout(), "the background sleep died with its group");
    }
}
