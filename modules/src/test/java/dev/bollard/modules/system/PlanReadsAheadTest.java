package dev.bollard.modules.system;

import static dev.bollard.modules.system.FakeHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.service.ServiceModule;
import dev.bollard.modules.stat.StatModule;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reads a plan makes are the ones its module declares: with those fetched in one batch (as the
 * engine's read-ahead does before a task), the plan sends nothing of its own, and decides as it
 * would reading the host itself.
 */
class PlanReadsAheadTest {
    private final AptModule apt = new AptModule();
    private final ServiceModule service = new ServiceModule();
    private final GetentModule getent = new GetentModule();

    private record Planned(Plan plan, int ownRoundTrips) {
    }

    /** The module's probes fetched in one batch, then the plan: what it decided, and the round trips it sent itself. */
    private static <A> Planned plan(FakeHost h, Module<A> m, Map<String, Object> args, boolean check) throws Exception {
        h.state.forget();
        A a = h.parse(m, args);
        h.state.prefetch(m.probes(a), null);
        int before = h.state.roundTrips();
        Plan p = m.plan(a, h.ctx(check));
        return new Planned(p, h.state.roundTrips() - before);
    }

    private static String script(Plan p) {
        return ((dev.bollard.spi.ScriptStep) ((Plan.Change) p).steps().get(0)).script();
    }

    private static FakeHost lists(String stamps) {
        return new FakeHost().answeringBatches().on("dpkg-query", "jq install ok installed 1.6-2\n")
                .on("LANG=C apt-cache policy", "jq:\n  Installed: 1.6-2\n  Candidate: 1.6-3\ncurl:\n  Installed: (none)\n  Candidate: 7.88.1-10\n")
                .on("stat -c %Y", stamps);
    }

    @Test
    void anAptInstallIsPlannedOnTheReadAheadAlone() throws Exception {
        Map<String, Object> a = args("name", List.of("jq", "curl"), "state", "latest", "update_cache", true, "cache_valid_time", 3600);
        Planned fresh = plan(lists("fresh\n"), apt, a, true);
        Plan.Change c = (Plan.Change) fresh.plan();
        assertEquals("install curl, jq", c.summary(), "curl is missing, jq has a newer candidate");
        assertFalse(script(c).contains("apt-get update"), "fresh lists: " + script(c));
        assertEquals(0, fresh.ownRoundTrips(), "the lists' age and apt-cache policy came with the read-ahead");

        Planned stale = plan(lists("stale\n"), apt, a, false);
        assertTrue(script(stale.plan()).startsWith("apt-get update -q && "), "stale lists: " + script(stale.plan()));
        assertEquals(0, stale.ownRoundTrips());
    }

    /** The lists' age is judged on the host: run here on a copy of its folders. */
    @Test
    void listsAreFreshWhenRecentlyUpdatedAndHoldingAPackagesIndex(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path lists = java.nio.file.Files.createDirectories(dir.resolve("lists"));
        assertEquals("stale", judge(dir, 3600), "no Packages index: a fresh image's emptied lists");
        java.nio.file.Files.writeString(lists.resolve("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages"), "");
        assertEquals("fresh", judge(dir, 3600));
        assertEquals(0, new ProcessBuilder("touch", "-d", "2 hours ago", lists.toString()).start().waitFor());
        assertEquals("stale", judge(dir, 3600), "updated 2 h ago, valid for 1 h");
        assertEquals("fresh", judge(dir, 3 * 3600));
        java.nio.file.Files.createDirectories(dir.resolve("periodic"));
        java.nio.file.Files.writeString(dir.resolve("periodic/update-success-stamp"), "");
        assertEquals("fresh", judge(dir, 3600), "the newer of the two stamps counts");
        assertEquals("stale", judge(dir.resolve("nothing-here"), 3600));
    }

    private static String judge(java.nio.file.Path aptDir, int validSeconds) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", AptModule.listsFresh(validSeconds).replace("/var/lib/apt", aptDir.toString())).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), "exits 0 either way, for a read-ahead to keep its answer");
        return out;
    }

    @Test
    void packagesTheListsDoNotKnowAreJudgedOnTheReadAhead() throws Exception {
        FakeHost h = new FakeHost().answeringBatches().on("dpkg-query", "jq install ok installed 1.6-2\n")
                .on("LANG=C apt-cache policy", "jq:\n  Installed: 1.6-2\n  Candidate: 1.6-2\n");
        Planned p = plan(h, apt, args("name", List.of("jq", "docker.io"), "update_cache", true), true);
        assertEquals("install docker.io (docker.io is not in the package lists yet; apt-get update runs first)", ((Plan.Change) p.plan()).summary());
        assertEquals(0, p.ownRoundTrips());
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> plan(h, apt, args("name", List.of("jq", "docker.io")), true));
        assertTrue(f.getMessage().startsWith("docker.io not found in the package lists of web1"), f.getMessage());
        assertEquals(0, h.commands.stream().filter(c -> c.contains("apt-cache policy") && !c.contains("@bollard-")).count(),
                "apt-cache policy was only ever asked in batches: " + h.commands);
    }

    @Test
    void aCheckOnAHostWithoutSystemdAsksWhetherItRunsWithTheOtherReads() throws Exception {
        Map<String, Object> a = args("name", "nginx", "state", "started");
        FakeHost container = new FakeHost().answeringBatches()
                .on("systemctl show", 1, "System has not been booted with systemd as init system (PID 1). Can't operate.")
                .on("/run/systemd/system", "");
        Planned p = plan(container, service, a, true);
        assertTrue(((Plan.Change) p.plan()).summary().endsWith("(systemd is not running here, so the unit's state is unknown)"),
                ((Plan.Change) p.plan()).summary());
        // a failed read is never kept from a batch (its error is not in it): systemctl show alone is asked again
        assertEquals(1, p.ownRoundTrips(), container.commands.toString());

        FakeHost booted = new FakeHost().answeringBatches().on("systemctl show", 1, "Failed to connect to bus: No such file or directory")
                .on("/run/systemd/system", "running\n");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> plan(booted, service, a, true));
        assertEquals("cannot ask systemd about nginx.service on web1: Failed to connect to bus: No such file or directory", f.getMessage());
    }

    @Test
    void getentIsAReadTheReadAheadAnswersAndAMissingKeyKeepsItsExitCode() throws Exception {
        FakeHost h = new FakeHost().answeringBatches().on("getent passwd root", "root:x:0:0:root:/root:/bin/bash\n")
                .on("getent group nope", 2, "");
        Planned root = plan(h, getent, args("database", "passwd", "key", "root"), true);
        assertInstanceOf(Plan.NoOp.class, root.plan());
        assertEquals(0, root.ownRoundTrips());
        // exit 2 is not kept from a batch: the plan asks again, and tells a missing key from a failure by it
        ModuleFailure missing = assertThrows(ModuleFailure.class, () -> plan(h, getent, args("database", "group", "key", "nope"), false));
        assertTrue(missing.getMessage().contains("nope is not in group"), missing.getMessage());
        Planned soft = plan(h, getent, args("database", "group", "key", "nope", "fail_key", false), false);
        assertEquals("nope is not in group", ((Plan.NoOp) soft.plan()).reason());
        assertEquals(1, soft.ownRoundTrips());
    }

    @Test
    void aStatChecksumComesWithTheStat() throws Exception {
        StatModule stat = new StatModule();
        FakeHost h = new FakeHost().answeringBatches().on("/srv/a", "regular file|644|root|root|4\n\0")
                .on("sha1sum -- /srv/a", "03cfd743661f07975fa2f1220c5194cbaff48451  /srv/a\n");
        Planned p = plan(h, stat, args("path", "/srv/a", "get_checksum", true), false);
        assertEquals("03cfd743661f07975fa2f1220c5194cbaff48451", ((Map<?, ?>) p.plan().data().get("stat")).get("checksum"));
        assertEquals(0, p.ownRoundTrips(), h.commands.toString());
        FakeHost unreadable = new FakeHost().answeringBatches().on("/srv/a", "regular file|600|root|root|4\n\0")
                .on("sha1sum -- /srv/a", 1, "sha1sum: /srv/a: Permission denied");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> plan(unreadable, stat, args("path", "/srv/a", "get_checksum", true), false));
        assertEquals("cannot checksum /srv/a on web1: sha1sum: /srv/a: Permission denied", f.getMessage());
    }
}
