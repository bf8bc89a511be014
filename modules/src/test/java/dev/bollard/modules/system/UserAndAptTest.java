package dev.bollard.modules.system;

import static dev.bollard.modules.system.FakeHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.service.ServiceModule;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** user and apt against recorded hosts: what they compare, what they run, what check mode predicts. */
class UserAndAptTest {
    private static final String S = "@@bollard-user@@\n";
    private static final String DEFAULTS = "UID_MIN 1000\nUID_MAX 60000\nSYS_UID_MIN 100\nSYS_UID_MAX 999\nHOME=/home\nuids 0 1 100 999 1000 1001 65534\n";

    private final UserModule user = new UserModule();
    private final AptModule apt = new AptModule();

    /** alice as getent shows her: gid 1001, /bin/sh, /home/alice, in sudo. */
    private static FakeHost alice() {
        return new FakeHost().on("getent passwd", "alice:x:1001:1001:Alice:/home/alice:/bin/sh\n" + S + "sudo\n" + S + "$6$old\n" + S
                + "staff:x:50:\n" + S + DEFAULTS);
    }

    /** The script of the plan's step (a record with a script component). */
    private static String script(Plan p) throws ReflectiveOperationException {
        if (!(p instanceof Plan.Change c)) return "(nothing to do)";
        Step step = c.steps().get(0);
        return (String) step.getClass().getMethod("script").invoke(step);
    }

    @Test
    void anExistingUsersPrimaryGroupIsComparedAndFixed() throws Exception {
        FakeHost h = alice();
        Plan p = h.plan(user, args("name", "alice", "group", "staff"), false);
        assertTrue(script(p).startsWith("usermod --gid 50 "), script(p));
        assertFalse(h.verify(user, args("name", "alice", "group", "staff")).holds(), "verify catches the primary group");
    }

    @Test
    void supplementaryGroupsWithAndWithoutAppend() throws Exception {
        FakeHost h = alice();
        assertInstanceOf(Plan.NoOp.class, h.plan(user, args("name", "alice", "groups", List.of("sudo"), "append", true), false));
        assertEquals("usermod --append --groups users alice", script(h.plan(user, args("name", "alice", "groups", List.of("users"), "append", true), false)));
        assertEquals("usermod --groups sudo,users alice", script(h.plan(user, args("name", "alice", "groups", List.of("users", "sudo")), false)));
        assertEquals("usermod --groups '' alice", script(h.plan(user, args("name", "alice", "groups", List.of()), false)));
        assertFalse(h.verify(user, args("name", "alice", "groups", List.of("docker"), "append", true)).holds());
    }

    @Test
    void shellAndHomeMovedOnlyWithMoveHome() throws Exception {
        FakeHost h = alice();
        assertEquals("usermod --shell /bin/bash alice", script(h.plan(user, args("name", "alice", "shell", "/bin/bash"), false)));
        assertEquals("usermod --home /srv/alice alice", script(h.plan(user, args("name", "alice", "home", "/srv/alice"), false)));
        assertEquals("usermod --home /srv/alice --move-home alice",
                script(h.plan(user, args("name", "alice", "home", "/srv/alice", "move_home", true), false)));
        assertFalse(h.verify(user, args("name", "alice", "shell", "/bin/bash")).holds(), "verify catches the shell");
        assertFalse(h.verify(user, args("name", "alice", "home", "/srv/alice")).holds(), "verify catches the home");
        assertTrue(h.verify(user, args("name", "alice", "shell", "/bin/sh", "home", "/home/alice", "groups", "sudo")).holds());
    }

    @Test
    void thePasswordHashGoesOnStdinAndIsNeverShown() throws Exception {
        FakeHost h = alice();
        Plan.Change c = (Plan.Change) h.plan(user, args("name", "alice", "password", "$6$new"), false);
        assertEquals("chpasswd -e", script(c));
        assertFalse(c.toString().contains("$6$new"), c.toString());
        assertInstanceOf(Plan.NoOp.class, h.plan(user, args("name", "alice", "password", "$6$old"), false));
        assertInstanceOf(Plan.NoOp.class, h.plan(user, args("name", "alice", "password", "$6$new", "update_password", "on_create"), false));
    }

    @Test
    void checkModePredictsTheNewUsersUidAndHomeForLaterTasks() throws Exception {
        FakeHost h = new FakeHost().on("getent passwd", S + S + S + S + DEFAULTS);
        Plan.Change c = (Plan.Change) h.run(user, args("name", "bob", "shell", "/bin/bash"), true);
        assertEquals(1002, c.data().get("uid"), c.data().toString());
        assertEquals("/home/bob", c.data().get("home"));
        var predicted = h.state.predicted(Prediction.user("bob")).value().orElseThrow();
        assertEquals(1002, predicted.uid());
        assertEquals("/home/bob", predicted.home());
        // a second task on the same user plans against the prediction and registers the same uid
        Plan again = h.plan(user, args("name", "bob"), true);
        assertEquals(1002, again.data().get("uid"));
        // later tasks that need the user plan instead of failing
        assertInstanceOf(Plan.Change.class, h.plan(new ServiceModule(), args("name", "app", "scope", "user", "user", "bob", "state", "started"), true));
        assertInstanceOf(Plan.Change.class, h.plan(new LingerModule(), args("user", "bob"), true));
        assertInstanceOf(Plan.Change.class, h.plan(new SubidModule(), args("user", "bob"), true));
        Plan.Change sys = (Plan.Change) h.plan(user, args("name", "svc", "system", true, "home", "/var/lib/svc"), true);
        assertEquals(998, sys.data().get("uid"));
        assertEquals("/var/lib/svc", sys.data().get("home"));
        h.run(user, args("name", "bob", "state", "absent"), true);
        assertTrue(h.state.predicted(Prediction.user("bob")).isAbsent());
    }

    @Test
    void aPinnedVersionIsHonouredWhenAnotherIsInstalled() throws Exception {
        FakeHost h = new FakeHost().on("dpkg-query", "hello install ok installed 2.10-3\n")
                .on("LANG=C apt-cache policy", "hello:\n  Installed: 2.10-3\n  Candidate: 2.10-3\n");
        assertInstanceOf(Plan.NoOp.class, h.plan(apt, args("name", "hello=2.10-3"), false));
        assertInstanceOf(Plan.Change.class, h.plan(apt, args("name", "hello=2.10-4"), false), "2.10-3 is installed, 2.10-4 asked for");
        Plan.Change c = (Plan.Change) h.plan(apt, args("name", "hello=2.10-2", "allow_downgrade", true), false);
        String script = ((dev.bollard.spi.ScriptStep) c.steps().get(0)).script();
        assertTrue(script.contains("--allow-downgrades") && script.endsWith(" hello=2.10-2"), script);
        assertFalse(script.contains("--no-install-recommends"), "install_recommends defaults to true, as Ansible: " + script);
        assertInstanceOf(Plan.NoOp.class, h.plan(apt, args("name", "hello=2.10-2", "state", "absent"), false),
                "another version than the one to remove is installed");
        assertInstanceOf(Plan.Change.class, h.plan(apt, args("name", "hello=2.10-3", "state", "absent"), false));
    }

    @Test
    void checkModePredictsInstalledAndRemovedPackages() throws Exception {
        FakeHost h = new FakeHost().on("dpkg-query", "hello install ok installed 2.10-3\nold deinstall ok config-files 1.0\n")
                .on("LANG=C apt-cache policy", "jq:\n  Installed: (none)\n  Candidate: 1.6-2.1\ncurl:\n  Installed: (none)\n  Candidate: 7.88.1-10\n"
                        + "hello:\n  Installed: (none)\n  Candidate: 2.10-3\n");
        Plan.Change c = (Plan.Change) h.run(apt, args("name", List.of("jq", "curl=7.88.1-10"), "install_recommends", false), true);
        for (Step s : c.steps()) assertTrue(s.describe().contains("jq"));
        assertEquals("", h.state.predicted(Prediction.debianPackage("jq")).value().orElseThrow());
        assertEquals("7.88.1-10", h.state.predicted(Prediction.debianPackage("curl")).value().orElseThrow());
        assertInstanceOf(Plan.NoOp.class, h.plan(apt, args("name", "jq"), true), "a later task sees jq installed");
        h.run(apt, args("name", "hello", "state", "absent"), true);
        assertTrue(h.state.predicted(Prediction.debianPackage("hello")).isAbsent());
        assertInstanceOf(Plan.Change.class, h.plan(apt, args("name", "hello"), true), "a later task sees hello removed");
        assertInstanceOf(Plan.Change.class, h.plan(apt, args("name", "old", "state", "absent", "purge", true), false),
                "purge removes what a removal left");
        assertInstanceOf(Plan.NoOp.class, h.plan(apt, args("name", "old", "state", "absent"), false));
    }

    @Test
    void aPackageTheListsDoNotKnowNeedsAnUpdateFirst() throws Exception {
        FakeHost h = new FakeHost().on("dpkg-query", "").on("LANG=C apt-cache policy", "").on("stat -c %Y", "");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> h.plan(apt, args("name", "docker.io"), true));
        assertTrue(f.getMessage().startsWith("docker.io not found in the package lists of ") && f.getMessage().contains("update_cache: true"),
                f.getMessage());
        Plan.Change c = (Plan.Change) h.plan(apt, args("name", "docker.io", "update_cache", true), true);
        assertTrue(c.summary().endsWith("install docker.io (docker.io is not in the package lists yet; apt-get update runs first)"), c.summary());
    }
}
