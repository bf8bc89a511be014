package dev.bollard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.engine.Mode;
import dev.bollard.engine.Secrets;
import dev.bollard.playbook.Control;
import dev.bollard.report.ControlsReport.Finding;
import dev.bollard.report.ControlsReport.Kind;
import dev.bollard.report.ControlsReport.Line;
import dev.bollard.report.ControlsReport.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A control's status from the findings naming it, the reason it gives, and how the report lists controls. */
class ControlsReportTest {
    private static final String COND = "condition is false: item.path in present.stdout_lines";

    private static Control c(String tag) {
        return Control.parse(tag).orElseThrow();
    }

    private static Finding f(String task, String item, Kind kind, String text) {
        return new Finding(task, item, kind, text);
    }

    @Test
    void failureWinsThenWhatDidNotRunThenAnyCheckThatHeld() {
        Finding held = f("a", null, Kind.HELD, "ok");
        Finding skipped = f("b", null, Kind.SKIPPED, COND);
        Finding failed = f("c", null, Kind.FAILED, "not in the desired state: x");
        Finding notRun = f("d", null, Kind.NOT_RUN, "host unreachable: connection refused");
        assertEquals(Verdict.FAILS, ControlsReport.verdict(List.of(held, skipped, notRun, failed)));
        assertEquals(Verdict.NOT_CHECKED, ControlsReport.verdict(List.of(held, skipped, notRun)));
        assertEquals(Verdict.HOLDS, ControlsReport.verdict(List.of(skipped, held)));
        assertEquals(Verdict.NOT_APPLICABLE, ControlsReport.verdict(List.of(skipped, skipped)));
    }

    @Test
    void aControlWithItemsHeldAndSkippedHoldsAndSaysWhich() {
        Line l = ControlsReport.line(c("cis-1.1.3"), List.of(
                f("audit", "/usr/sbin/dockerd", Kind.HELD, "line present"),
                f("audit", "/usr/bin/dockerd", Kind.SKIPPED, COND),
                f("audit", "/usr/local/bin/dockerd", Kind.SKIPPED, COND)));
        assertEquals(Verdict.HOLDS, l.verdict());
        assertEquals(List.of("audit"), l.tasks());
        assertEquals("holds for /usr/sbin/dockerd; not applicable: /usr/bin/dockerd, /usr/local/bin/dockerd (" + COND + ")", l.detail());
    }

    @Test
    void notApplicableNamesTheSkippedItemAndItsCondition() {
        Line l = ControlsReport.line(c("cis-1.1.4"), List.of(f("audit", "/run/containerd", Kind.SKIPPED, COND)));
        assertEquals(Verdict.NOT_APPLICABLE, l.verdict());
        assertEquals("/run/containerd: " + COND, l.detail());
    }

    @Test
    void aFailureIsNotBlurredByTheChecksThatHeldBesideIt() {
        Line l = ControlsReport.line(c("cis-2.2"), List.of(
                f("daemon.json", null, Kind.HELD, "'icc' is false in /etc/docker/daemon.json"),
                f("docker runs hardened", "icc", Kind.HELD, "checked by its verify probes"),
                f("docker runs hardened", "userns", Kind.FAILED, "verify failed: `id dockremap` exited 1: no such user"),
                f("docker runs hardened", null, Kind.NOT_RUN, "host unreachable: gone")));
        assertEquals(Verdict.FAILS, l.verdict());
        assertEquals(List.of("daemon.json", "docker runs hardened"), l.tasks());
        assertEquals(List.of("docker runs hardened"), l.about());
        assertEquals("userns: verify failed: `id dockremap` exited 1: no such user; not checked: host unreachable: gone", l.detail());
        assertEquals("docker runs hardened: " + l.detail(), l.detailNamingTasks());
    }

    @Test
    void tasksSayingTheSameAreNamedOnceAndTasksSayingOtherThingsEachBeforeTheirOwn() {
        Line same = ControlsReport.line(c("cis-1.1.3"), List.of(
                f("rules written", "/usr/bin/dockerd", Kind.SKIPPED, COND),
                f("rules loaded", "/usr/bin/dockerd", Kind.SKIPPED, COND)));
        assertEquals(List.of("rules written", "rules loaded"), same.about());
        assertEquals("/usr/bin/dockerd: " + COND, same.detail());
        Line differ = ControlsReport.line(c("cis-1.1.3"), List.of(
                f("rules written", "/usr/sbin/dockerd", Kind.HELD, "line present"),
                f("rules loaded", "/usr/sbin/dockerd", Kind.HELD, "rule loaded"),
                f("binary", null, Kind.HELD, "/usr/sbin/dockerd is root's")));
        assertEquals(List.of(), differ.about());
        assertEquals("rules written, rules loaded: holds for /usr/sbin/dockerd; binary: /usr/sbin/dockerd is root's", differ.detail());
        List<String> text = ControlsText.host(List.of(same, differ)).stream().map(ControlsText.Painted::text).toList();
        assertEquals("  not applicable  cis-1.1.3  rules written, rules loaded · /usr/bin/dockerd: " + COND, text.get(1));
        assertEquals("  holds           cis-1.1.3  rules written, rules loaded: holds for /usr/sbin/dockerd; binary: /usr/sbin/dockerd is root's", text.get(2));
    }

    @Test
    void hostsKeepTheirOrderAndControlsAreSortedNumerically() {
        ControlsReport.Builder b = new ControlsReport.Builder().host("web2").host("web1");
        b.add("web1", c("cis-1.1.10"), f("t", null, Kind.HELD, "ok"));
        b.add("web1", c("seed-001"), f("t", null, Kind.HELD, "ok"));
        b.add("web1", c("cis-1.1.2"), f("t", null, Kind.HELD, "ok"));
        b.add("web1", c("cis-1.1.2"), f("u", null, Kind.SKIPPED, "condition is false: x"));
        ControlsReport r = b.build();
        assertEquals(List.of("web2", "web1"), List.copyOf(r.hosts().keySet()));
        assertEquals(List.of(), r.hosts().get("web2"));
        assertEquals(List.of("cis-1.1.2", "cis-1.1.10", "seed-001"), r.hosts().get("web1").stream().map(l -> l.control().name()).toList());
        assertEquals(List.of("t", "u"), r.hosts().get("web1").get(0).tasks());
        assertTrue(new ControlsReport.Builder().host("web1").build().isEmpty());
    }

    @Test
    void textHasABlockPerSchemeWithAlignedStatusAndACount() {
        ControlsReport.Builder b = new ControlsReport.Builder();
        b.add("h", c("zz-7"), f("other", null, Kind.HELD, "fine"));
        b.add("h", c("seed-001"), f("volume", null, Kind.FAILED, "not in the desired state: mount missing"));
        b.add("h", c("cis-1.1.10"), f("audit", "/run/containerd", Kind.SKIPPED, COND));
        b.add("h", c("cis-1.1.2"), f("audit", "/usr/sbin/dockerd", Kind.HELD, "line present"));
        b.add("h", c("cis-2.2"), f("daemon", null, Kind.HELD, "'icc' is false"));
        List<String> lines = ControlsText.host(b.build().hosts().get("h")).stream().map(ControlsText.Painted::text).toList();
        assertEquals(List.of(
                "CIS Docker Benchmark v1.6.0",
                "  holds           cis-1.1.2   audit · holds for /usr/sbin/dockerd",
                "  not applicable  cis-1.1.10  audit · /run/containerd: " + COND,
                "  holds           cis-2.2     daemon · 'icc' is false",
                "cis: 2 hold, 1 not applicable",
                "",
                "seed checks (Contrôle)",
                "  FAILS           seed-001    volume · not in the desired state: mount missing",
                "seed: 1 fails",
                "",
                "zz",
                "  holds           zz-7        other · fine",
                "zz: 1 holds"), lines);
    }

    @Test
    void theHumanReporterPrintsControlsInVerifyOnlyAndColoursAFailure() {
        ControlsReport.Builder b = new ControlsReport.Builder();
        b.add("h", c("cis-2.2"), f("daemon", null, Kind.FAILED, "not in the desired state: icc"));
        ControlsReport report = b.build();
        Map<String, HostTally> tally = Map.of("h", new HostTally(0, 0, 1, 0, 0, 0, 1, 1));
        String verify = print(Mode.VERIFY, true, report, tally);
        assertTrue(verify.contains("CONTROLS [h] ***"), verify);
        assertTrue(verify.contains("\u001b[31m  FAILS           cis-2.2  daemon · not in the desired state: icc\u001b[0m"), verify);
        assertTrue(verify.indexOf("CONTROLS [h]") < verify.indexOf("h: NOT COMPLIANT"), "the verdict line stays last: " + verify);
        String plain = print(Mode.VERIFY, false, report, tally);
        assertTrue(!plain.contains("\u001b[") && plain.contains("  FAILS           cis-2.2  daemon"), plain);
        assertTrue(!print(Mode.CHECK, false, report, tally).contains("CONTROLS"));
        assertTrue(!print(Mode.VERIFY, false, new ControlsReport.Builder().host("h").build(), tally).contains("CONTROLS"));
    }

    private static String print(Mode mode, boolean colour, ControlsReport report, Map<String, HostTally> tally) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        HumanReporter r = new HumanReporter(new PrintStream(raw, true, StandardCharsets.UTF_8), mode, false, colour, new Secrets());
        r.controls(report);
        r.recap(tally);
        return raw.toString(StandardCharsets.UTF_8);
    }
}
