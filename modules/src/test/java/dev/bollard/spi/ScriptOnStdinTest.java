package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptOnStdinTest {
    @TempDir
    Path dir;

    @Test
    void theScriptRunsFromInputAndLeavesTheRestToIt() throws Exception {
        String script = "printf '%s|' \"it's $((1+2))\"; cat; exit 7";
        ScriptOnStdin.Fed fed = ScriptOnStdin.of(script);
        assertFalse(fed.line().contains("it's"), fed.line());
        ExecResult r = new LocalConnection().exec(fed.line(), fed.before("the rest\n".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(10));
        assertEquals(7, r.rc());
        assertEquals("it's 3|the rest\n", r.stdout());
    }

    /** The input cut anywhere in the script, as a dropped link would: not one of its commands runs. */
    @Test
    void aScriptCutShortRunsNothing() throws Exception {
        Path marker = dir.resolve("ran");
        String script = "touch " + marker + "\necho second >>" + marker + "\n";
        ScriptOnStdin.Fed fed = ScriptOnStdin.of(script);
        for (int cut = 0; cut < fed.ahead().length; cut++) {
            ExecResult r = new LocalConnection().exec(fed.line(), Arrays.copyOf(fed.ahead(), cut), Duration.ofSeconds(10));
            assertNotEquals(0, r.rc(), "cut at " + cut);
            assertFalse(Files.exists(marker), "cut at " + cut + " ran part of the script");
        }
        assertEquals(0, new LocalConnection().exec(fed.line(), fed.ahead(), Duration.ofSeconds(10)).rc());
        assertEquals("second\n", Files.readString(marker));
    }

    @Test
    void bigScriptsAreNotBoundByTheArgumentLimit() throws Exception {
        String script = "x=1\n".repeat(100_000) + "echo $x";
        ScriptOnStdin.Fed fed = ScriptOnStdin.of(script);
        ExecResult r = new LocalConnection().exec(fed.line(), fed.ahead(), Duration.ofSeconds(30));
        assertEquals("1\n", r.stdout(), r.stderr());
    }
}
