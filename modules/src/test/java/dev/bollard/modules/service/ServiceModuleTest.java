package dev.bollard.modules.service;

import static dev.bollard.modules.system.FakeHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.system.FakeHost;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.ScriptStep;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** service against recorded systemctl answers: plan and verify agree on what running, enabled and masked mean. */
class ServiceModuleTest {
    private final ServiceModule service = new ServiceModule();

    private static FakeHost unit(String active, String fileState) {
        return new FakeHost().on("systemctl show", "LoadState=loaded\nActiveState=" + active + "\nSubState=x\nUnitFileState=" + fileState
                + "\nNeedDaemonReload=no\n");
    }

    @Test
    void planAndVerifyAgreeOnRunningAndEnabled() throws Exception {
        Map<String, Object> a = args("name", "nginx", "state", "started", "enabled", true);
        for (String active : new String[] {"active", "activating", "reloading"}) {
            for (String file : new String[] {"enabled", "enabled-runtime", "static", "alias"}) {
                FakeHost h = unit(active, file);
                assertInstanceOf(Plan.NoOp.class, h.plan(service, a, false), active + "/" + file);
                assertTrue(h.verify(service, a).holds(), "verify agrees with plan for " + active + "/" + file);
            }
        }
        for (String active : new String[] {"inactive", "failed", "deactivating"}) {
            FakeHost h = unit(active, "disabled");
            assertInstanceOf(Plan.Change.class, h.plan(service, a, false));
            assertFalse(h.verify(service, a).holds(), active);
        }
        FakeHost stopped = unit("reloading", "enabled");
        Map<String, Object> stop = args("name", "nginx", "state", "stopped");
        assertInstanceOf(Plan.Change.class, stopped.plan(service, stop, false));
        assertFalse(stopped.verify(service, stop).holds(), "a reloading unit is running for verify too");
    }

    @Test
    void maskedIsComparedAndFixed() throws Exception {
        FakeHost h = unit("inactive", "masked");
        Plan.Change c = (Plan.Change) h.plan(service, args("name", "nginx", "masked", false, "state", "started"), false);
        assertEquals("systemctl unmask nginx.service && systemctl start nginx.service", ((ScriptStep) c.steps().get(0)).script());
        assertInstanceOf(Plan.NoOp.class, h.plan(service, args("name", "nginx", "masked", true), false));
        assertFalse(h.verify(service, args("name", "nginx", "masked", false)).holds());
        assertTrue(h.verify(service, args("name", "nginx", "masked", true, "state", "stopped")).holds());
    }

    @Test
    void checkModePredictsTheUnitForLaterTasks() throws Exception {
        FakeHost h = unit("inactive", "disabled");
        h.run(service, args("name", "nginx", "state", "started", "enabled", true), true);
        Prediction.Unit u = h.state.predicted(Prediction.unit(null, "nginx.service")).value().orElseThrow();
        assertEquals(new Prediction.Unit("active", "enabled"), u);
        assertInstanceOf(Plan.NoOp.class, h.plan(service, args("name", "nginx.service", "state", "started"), true));
        assertInstanceOf(Plan.Change.class, h.plan(service, args("name", "nginx", "state", "stopped"), true));
    }
}
