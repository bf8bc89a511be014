package dev.bollard.modules.exec;

import static dev.bollard.modules.system.FakeHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.system.FakeHost;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import org.junit.jupiter.api.Test;

/** command and shell in check mode: creates and removes are typed path predictions later tasks plan against. */
class CommandPredictionTest {

    @Test
    void createsAndRemovesArePredictedAsPaths() throws Exception {
        FakeHost h = new FakeHost();
        h.run(new CommandModule(), args("cmd", "touch /srv/marker", "creates", "/srv/marker"), true);
        assertEquals("/srv/marker", h.state.predicted(Prediction.path("/srv/marker")).value().orElseThrow());
        assertInstanceOf(Plan.NoOp.class, h.plan(new ShellModule(), args("cmd", "echo > /srv/marker", "creates", "/srv/marker"), true));
        assertInstanceOf(Plan.Change.class, h.plan(new CommandModule(), args("cmd", "cat /srv/marker", "removes", "/srv/marker"), true));

        h.run(new ShellModule(), args("cmd", "rm -f /srv/marker", "removes", "/srv/marker"), true);
        assertTrue(h.state.predicted(Prediction.path("/srv/marker")).isAbsent());
        assertInstanceOf(Plan.NoOp.class, h.plan(new CommandModule(), args("cmd", "rm /srv/marker", "removes", "/srv/marker"), true));
        assertInstanceOf(Plan.Change.class, h.plan(new CommandModule(), args("cmd", "touch /srv/marker", "creates", "/srv/marker"), true));
    }
}
