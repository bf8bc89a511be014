package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeLimitTest {
    private static final String SCRIPT = "printf '%s\\n' \"it's\" | grep -q it && echo $HOME";

    @Test
    void aWrappedScriptRunsAsWrittenAndUnfoldsBack() throws Exception {
        ScriptOnStdin.Fed wrapped = TimeLimit.wrap(SCRIPT, Duration.ofSeconds(30));
        byte[] input = "data".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(SCRIPT, ScriptOnStdin.unfold(wrapped.line(), wrapped.ahead()).script());
        ScriptOnStdin.Fed sudo = new Become("root", "pw").wrap(wrapped.line(), true);
        ScriptOnStdin.Unfolded u = ScriptOnStdin.unfold(sudo.line(), new Become("root", "pw").stdin(sudo.before(wrapped.before(input)), true));
        assertEquals(SCRIPT, u.script());
        assertEquals("data", new String(u.input(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(SCRIPT, ScriptOnStdin.unfold(SCRIPT, null).script());
        org.junit.jupiter.api.Assertions.assertFalse(wrapped.line().contains("grep"), "the script is not on the command line");
        ExecResult r = new LocalConnection().exec(wrapped.line(), wrapped.ahead(), Duration.ofSeconds(30));
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

    @Test
    void aScriptWhoseChannelGoesAwayIsStoppedWithWhatItStarted() throws Exception {
        // the control side's end of stderr closing is what a dropped SSH connection looks like to the host
        String marker = "bollard-tether-" + ProcessHandle.current().pid();
        ScriptOnStdin.Fed wrapped = TimeLimit.wrap("sh -c 'sleep 300; :' " + marker + " & sleep 300", Duration.ofSeconds(600));
        Process p = new ProcessBuilder("sh", "-c", wrapped.line()).start();
        p.getOutputStream().write(wrapped.ahead());
        p.getOutputStream().close();
        Thread.sleep(500);
        org.junit.jupiter.api.Assertions.assertNotEquals("0\n", pgrep(marker), "the step runs");
        p.getErrorStream().close();
        long deadline = System.nanoTime() + 8_000_000_000L;
        while (System.nanoTime() < deadline && !pgrep(marker).equals("0\n")) Thread.sleep(100);
        assertEquals("0\n", pgrep(marker), "the step's processes are gone within seconds of the channel");
        org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the wrapper ended too");
    }

    @Test
    void theWatchersBytesAreTakenOutOfStderr() throws Exception {
        HostState h = new HostState("here", new LocalConnection(), Duration.ofSeconds(30));
        ExecResult r = h.exec("echo before >&2; sleep 2.5; echo after >&2", null, null);
        assertEquals("before\nafter\n", r.stderr());
    }

    private static String pgrep(String marker) throws Exception {
        ExecResult r = new LocalConnection().exec("pgrep -c -f '[b]" + marker.substring(1) + "' || true", null, Duration.ofSeconds(5));
        return r.stdout();
    }
}
