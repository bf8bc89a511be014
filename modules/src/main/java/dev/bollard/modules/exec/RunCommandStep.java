package dev.bollard.modules.exec;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the command; a non-zero exit is data ({@code rc}, {@code failed}) for failed_when to judge, not an exception. */
record RunCommandStep(ExecArgs args) implements Step {

    @Override
    public String describe() {
        return "run: " + args.shown();
    }

    @Override
    public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
        ExecResult r = args.stdin() == null ? ctx.run(args.script()) : ctx.run(args.script(), args.stdin());
        Map<String, Object> data = new LinkedHashMap<>();
        String out = strip(r.stdout());
        String err = strip(r.stderr());
        data.put("cmd", args.shown());
        data.put("rc", r.rc());
        data.put("stdout", out);
        data.put("stderr", err);
        data.put("stdout_lines", lines(out));
        data.put("stderr_lines", lines(err));
        data.put("failed", r.rc() != 0);
        if (r.rc() != 0) data.put("msg", "non-zero return code " + r.rc() + ": " + r.firstErrorLine());
        return data;
    }

    @Override
    public void predict(HostState state) {
        if (args.creates() != null) state.predict(Prediction.path(args.creates()), args.creates());
        if (args.removes() != null) state.predictAbsent(Prediction.path(args.removes()));
    }

    /** Ansible strips the final newline of a command's output. */
    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n", -1));
    }
}
