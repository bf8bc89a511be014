package dev.bollard.modules.system;

import dev.bollard.spi.Args;
import dev.bollard.spi.Connection;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.Module;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host with recorded answers for the system, service and exec modules: each command gets the
 * most recently added answer whose needle occurs in it (probe batches section by section, a file
 * probe "absent" unless answered). Arguments are bound to the module's declaration as the engine
 * binds them. Every command is recorded.
 */
public final class FakeHost implements Connection {
    private static final Pattern SECTION = Pattern.compile("echo @@(\\d+); \\{ (.*?) ; \\} 2>&1; echo \"@@rc \\$\\?\"; ", Pattern.DOTALL);

    private record Answer(String needle, int rc, String out) {
    }


    private final List<Answer> answers = new ArrayList<>();
    private boolean batches;
    public final List<String> commands = new ArrayList<>();
    public final HostState state = new HostState("web1", this, Duration.ofSeconds(10));

    public FakeHost on(String needle, String out) {
        return on(needle, 0, out);
    }

    public FakeHost on(String needle, int rc, String out) {
        answers.add(new Answer(needle, rc, out));
        return this;
    }

    /**
     * Answers the probe batches the engine sends before a plan section by section (each by its
     * needle), and a file read of an unscripted path as absent, instead of leaving the batch unanswered.
     */
    public FakeHost answeringBatches() {
        batches = true;
        return this;
    }

    public static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    public TaskContext ctx(boolean check) {
        return new TaskContext(state, null, check, null);
    }

    public <A> A parse(Module<A> m, Map<String, Object> args) throws Exception {
        return m.parse(Args.bind(m, args, false));
    }

    public <A> Plan plan(Module<A> m, Map<String, Object> args, boolean check) throws Exception {
        state.forget();
        return m.plan(parse(m, args), ctx(check));
    }

    /** Plans, then applies or (in check mode) predicts the steps, as a task run; returns the plan with the steps' data. */
    public <A> Plan run(Module<A> m, Map<String, Object> args, boolean check) throws Exception {
        Plan p = plan(m, args, check);
        if (p instanceof Plan.Change c) {
            for (Step s : c.steps()) {
                if (check) s.predict(state);
                else s.apply(ctx(false));
            }
        }
        return p;
    }

    public <A> Verdict verify(Module<A> m, Map<String, Object> args) throws Exception {
        state.forget();
        return m.verify(parse(m, args), ctx(false));
    }

    /** The commands that were not reads: what apply ran. */
    public List<String> changes(String... readNeedles) {
        return commands.stream().filter(c -> !c.contains("echo @@") && List.of(readNeedles).stream().noneMatch(c::contains)).toList();
    }

    @Override
    public ExecResult exec(String command, byte[] input, Duration timeout) {
        dev.bollard.spi.ScriptOnStdin.Unfolded sent = dev.bollard.spi.ScriptOnStdin.unfold(command, input);
        String script = sent.script();
        byte[] stdin = sent.input();
        commands.add(script);
        Matcher sections = SECTION.matcher(script);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (sections.find()) {
            any = true;
            Answer a = answer(sections.group(2));
            out.append("@@").append(sections.group(1)).append('\n').append(a.out());
            if (!a.out().isEmpty() && !a.out().endsWith("\n")) out.append('\n');
            out.append("@@rc ").append(a.rc()).append('\n');
        }
        if (any) return ExecResult.of(0, out.toString(), "");
        if (batches && dev.bollard.spi.ProbeBatchAnswers.isBatch(script)) {
            return ExecResult.of(0, dev.bollard.spi.ProbeBatchAnswers.answer(script, body -> {
                Answer a = body.startsWith("if [ -L ") && answers.stream().noneMatch(x -> body.contains(x.needle()))
                        ? new Answer("", 0, "ABSENT") : answer(body);
                return ExecResult.of(a.rc(), a.out(), "");
            }), "");
        }
        if (script.startsWith("if [ -L ") && !(batches && answers.stream().anyMatch(x -> script.contains(x.needle())))) {
            return ExecResult.of(0, "ABSENT", "");
        }
        Answer a = answer(script);
        return ExecResult.of(a.rc(), a.out(), a.rc() == 0 ? "" : a.out());
    }

    private Answer answer(String command) {
        for (int i = answers.size() - 1; i >= 0; i--) {
            if (command.contains(answers.get(i).needle())) return answers.get(i);
        }
        // an answer nobody scripted would let a test pass on a read it never meant to make
        throw new AssertionError("unscripted command on the fake host: " + command);
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
    }
}
