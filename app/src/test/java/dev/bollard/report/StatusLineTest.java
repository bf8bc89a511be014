package dev.bollard.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.engine.Mode;
import dev.bollard.engine.Secrets;
import dev.bollard.engine.Status;
import dev.bollard.engine.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live status line: drawn while a task runs, erased before every output line and at the recap. */
class StatusLineTest {

    @Test
    void drawnWhileATaskRunsAndNeverLeftInTheOutput() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(raw, true, StandardCharsets.UTF_8);
        HumanReporter r = HumanReporter.onTerminal(terminal, Mode.APPLY, false, false, new Secrets(), 0);
        r.playStart("all", List.of("web1", "web2"));
        r.taskStart("TASK", "slow step", "site.yml:3");
        r.result(TaskResult.of("web1", "slow step", "site.yml:3", Status.FAILED, "boom"));
        Thread.sleep(700);
        String during = raw.toString(StandardCharsets.UTF_8);
        assertTrue(during.contains("\r\033[K… TASK [slow step] · 1 result(s) · 1 failed · "), during);
        Map<String, HostTally> tallies = new LinkedHashMap<>();
        tallies.put("web1", new HostTally(0, 0, 1, 0, 0, 0, 1, 5));
        r.recap(tallies);
        Thread.sleep(400);
        String all = raw.toString(StandardCharsets.UTF_8);
        String afterRecap = all.substring(all.indexOf("PLAY RECAP"));
        assertFalse(afterRecap.contains("…"), "no status after the recap:\n" + afterRecap);
        for (String line : all.split("\n")) {
            String shown = line.substring(line.lastIndexOf('\r') + 1).replace("\033[K", "");
            assertFalse(shown.startsWith("failed") && shown.contains("…"), "a result line mixed with the status: " + line);
        }
    }

    @Test
    void notOnAPlainStream() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        HumanReporter r = new HumanReporter(new PrintStream(raw, true, StandardCharsets.UTF_8), Mode.APPLY, false, false, new Secrets());
        r.taskStart("TASK", "x", "site.yml:1");
        assertFalse(raw.toString(StandardCharsets.UTF_8).contains("\033[K"));
    }
}
