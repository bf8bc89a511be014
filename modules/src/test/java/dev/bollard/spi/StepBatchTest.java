package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps of several tasks in one script, against this machine's shell and files. */
class StepBatchTest {
    @TempDir
    Path dir;

    private final HostState host = new HostState("local", new LocalConnection(), Duration.ofSeconds(30));

    private static StepBatch.Deferred step(String script, String stdin) {
        return new StepBatch.Deferred(script, stdin.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachStepGetsItsOwnInputAndOutputAndTheReadsComeBackInTheSameRoundTrip() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        StepBatch batch = new StepBatch();
        batch.task(List.of());
        batch.step(step("cat > " + a + "; echo wrote a", "first\ncontent"));
        batch.step(step("echo to-stderr >&2; export LEAK=1", ""));
        batch.task(List.of());
        batch.step(step("cat > " + b + "; echo \"leak=${LEAK-none}\"", "second"));
        StepBatch.Outcome o = host.execBatch(batch, List.of(Probe.read(a.toString()), Probe.read(b.toString())), null);

        assertEquals(1, host.roundTrips());
        assertEquals(3, o.results().size());
        assertEquals("wrote a\n", o.results().get(0).stdout());
        assertEquals("to-stderr\n", o.results().get(1).stderr());
        assertEquals("leak=none\n", o.results().get(2).stdout(), "each step runs in a shell of its own");
        assertEquals("first\ncontent", Files.readString(a));
        assertEquals("second", Files.readString(b));
        assertEquals(-1, o.staleGroup());
        // the reads after the steps answer from the host as the steps left it, with no round trip of their own
        assertEquals("second", host.read(b.toString(), null).orElseThrow().text());
        assertEquals(1, host.roundTrips());
    }

    /**
     * Steps without input and file writes read straight from the script's input (no process cuts their
     * bytes out): a step without input still sees none, and the steps after a write get their own bytes.
     */
    @Test
    void stepsWithoutInputAndFileWritesShareTheInputWithoutTakingTheNextStepsBytes() throws Exception {
        Path a = dir.resolve("a.conf");
        Path b = dir.resolve("b.conf");
        Files.writeString(b, "old\n");
        Files.setPosixFilePermissions(b, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        StepBatch batch = new StepBatch();
        TaskContext ctx = new TaskContext(host, null, false, null);
        batch.task(List.of());
        host.record(new WriteFile(a.toString(), "alpha\n".getBytes(StandardCharsets.UTF_8), null, null, null, null, false), ctx)
                .forEach(batch::step);
        batch.step(step("if IFS= read -r x; then echo \"read: $x\"; else echo 'no input'; fi", ""));
        batch.task(List.of());
        host.record(new WriteFile(b.toString(), "beta\nbeta\n".getBytes(StandardCharsets.UTF_8), null, null, null, null, false), ctx)
                .forEach(batch::step);
        batch.step(step("cat; echo", "gamma"));
        StepBatch.Outcome o = host.execBatch(batch, List.of(Probe.read(a.toString())), null);

        assertEquals(List.of(0, 0, 0, 0), o.results().stream().map(ExecResult::rc).toList(), o.results().toString());
        assertEquals("no input\n", o.results().get(1).stdout());
        assertEquals("gamma\n", o.results().get(3).stdout());
        assertEquals("alpha\n", Files.readString(a));
        assertEquals("beta\nbeta\n", Files.readString(b));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(b)));
        assertEquals(1, host.roundTrips());
    }

    private List<StepBatch.Deferred> write(Path f, String content, String mode) throws Exception {
        return host.record(new WriteFile(f.toString(), content.getBytes(StandardCharsets.UTF_8), mode, null, null, null, false),
                new TaskContext(host, null, false, null));
    }

    /**
     * The writes a task's loop items make of one file go to the host as its last one: each item's result
     * is that write's. Writes of the file by another task, or with other attributes, are all sent.
     */
    @Test
    void aTasksWritesOfOneFileAreMadeInOneWrite() throws Exception {
        Path f = dir.resolve("rules");
        StepBatch batch = new StepBatch();
        batch.task(List.of());
        write(f, "a\n", null).forEach(batch::step);
        write(f, "a\nb\n", null).forEach(batch::step);
        write(f, "a\nb\nc\n", null).forEach(batch::step);
        write(f, "a\nb\nc\n", "0600").forEach(batch::step);
        batch.task(List.of());
        write(f, "a\nb\nc\nd\n", "0600").forEach(batch::step);
        assertEquals(List.of(true, true, false, false, false), java.util.stream.IntStream.range(0, 5).mapToObj(batch::madeByLater).toList());
        String script = batch.script(Duration.ofSeconds(30), "");
        assertEquals(3, script.split("mv -f -- ", -1).length - 1, "three writes are sent: " + script);
        assertFalse(script.contains("$T sh -c"), "plain writes run in the batch's own shell, without the time limit: " + script);
        StepBatch.Outcome o = host.execBatch(batch, List.of(), null);
        assertEquals(List.of(0, 0, 0, 0, 0), o.results().stream().map(ExecResult::rc).toList());
        assertEquals("a\nb\nc\nd\n", Files.readString(f));

        Path nowhere = dir.resolve("missing/rules");
        StepBatch failing = new StepBatch();
        failing.task(List.of());
        write(nowhere, "a\n", null).forEach(failing::step);
        write(nowhere, "a\nb\n", null).forEach(failing::step);
        StepBatch.Outcome failed = host.execBatch(failing, List.of(), null);
        assertEquals(List.of(4, 4), failed.results().stream().map(ExecResult::rc).toList(), "each item fails with the write that makes it");
        assertTrue(failed.results().get(0).stderr().contains("does not exist"), failed.results().get(0).stderr());
    }

    @Test
    void aFailedStepStopsTheBatchAndTheReadsStillCome() throws Exception {
        Path after = dir.resolve("after");
        StepBatch batch = new StepBatch();
        batch.task(List.of());
        batch.step(step("true", ""));
        batch.step(step("echo why >&2; exit 3", ""));
        batch.task(List.of());
        batch.step(step("touch " + after, ""));
        StepBatch.Outcome o = host.execBatch(batch, List.of(Probe.stat(after.toString())), null);

        assertEquals(2, o.results().size());
        assertEquals(3, o.results().get(1).rc());
        assertEquals("why\n", o.results().get(1).stderr());
        assertFalse(Files.exists(after), "nothing ran after the failed step");
        assertNotNull(o.tail());
        assertTrue(host.stat(after.toString(), null).isEmpty());
        assertEquals(1, host.roundTrips());
    }

    @Test
    void aFloodOfOutputThatCutsAwayTheFirstMarkersStillTellsEveryStepsResult() throws Exception {
        StepBatch batch = new StepBatch();
        batch.task(List.of());
        batch.step(step("echo first", ""));
        batch.step(step("yes | head -c 3000000", ""));
        batch.task(List.of());
        batch.step(step("echo last; exit 4", ""));
        StepBatch.Outcome o = host.execBatch(batch, List.of(), null);

        assertEquals(3, o.results().size());
        assertEquals(0, o.results().get(0).rc(), "its marker was cut away, and the script went on past it: it exited 0");
        assertEquals(0, o.results().get(1).rc());
        assertTrue(o.results().get(1).stdout().endsWith("y\ny\n"), "the flood's end is kept");
        assertEquals("last\n", o.results().get(2).stdout());
        assertEquals(4, o.results().get(2).rc());
    }

    @Test
    void aTaskWhoseGuardNoLongerHoldsIsNotRunAndIsNamed() throws Exception {
        Path f = dir.resolve("f");
        Path ran = dir.resolve("ran");
        StepBatch batch = new StepBatch();
        batch.task(List.of());
        batch.step(step("echo changed-by-a-command > " + f, ""));
        batch.task(List.of("! [ -e " + Shell.quote(f.toString()) + " ]"));
        batch.step(step("touch " + ran, ""));
        StepBatch.Outcome o = host.execBatch(batch, List.of(), null);

        assertEquals(1, o.results().size());
        assertEquals(1, o.staleGroup());
        assertFalse(Files.exists(ran));
    }
}
