package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.playbook.Task;
import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.ArgsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tasks that run on the control machine with the host's variables rather than on the host:
 * {@code debug}, {@code set_fact}, {@code assert}, {@code fail} and {@code meta}.
 */
public final class Actions {
    /** The names of the actions, which a playbook may use like modules. */
    public static final Set<String> NAMES = Set.of("debug", "set_fact", "assert", "fail", "meta", "include_vars");
    /** Arguments these actions read as expressions themselves, so they are not rendered first. */
    static final Set<String> RAW_KEYS = Set.of("that", "var");

    private Actions() {
    }

    record Outcome(Status status, String msg, Map<String, Object> data, Map<String, Object> facts) {
    }

    /** Checks the arguments against the action's declaration before any host is touched. */
    static void check(Task task) throws ArgsException {
        ArgSpec spec = ActionSpecs.SPECS.get(task.module());
        if (spec != null) spec.bind(task.module(), task.args(), true);
    }

    static Outcome run(Task task, Expressions ex, Map<String, Object> vars) throws ExpressionException {
        Map<String, Object> args = task.args();
        switch (task.module()) {
            case "debug" -> {
                String msg;
                if (args.containsKey("var")) {
                    Object v = ex.evaluate(String.valueOf(args.get("var")), vars);
                    msg = args.get("var") + " = " + Json.write(v);
                } else {
                    msg = String.valueOf(ex.resolve(args.getOrDefault("msg", "Hello world!"), vars));
                }
                return new Outcome(Status.OK, msg, Map.of("msg", msg), Map.of());
            }
            case "set_fact" -> {
                Map<String, Object> facts = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : args.entrySet()) {
                    if (e.getKey().equals("cacheable")) continue;
                    facts.put(e.getKey(), ex.resolve(e.getValue(), vars));
                }
                return new Outcome(Status.OK, "set " + String.join(", ", facts.keySet()), Map.of(), facts);
            }
            case "assert" -> {
                Object that = args.get("that");
                List<Object> conditions = that instanceof List<?> l ? new ArrayList<>(l) : List.of(that);
                for (Object c : conditions) {
                    if (!ex.test(c, vars)) {
                        Object custom = args.containsKey("fail_msg") ? args.get("fail_msg") : args.get("msg");
                        String msg = custom != null ? String.valueOf(ex.resolve(custom, vars)) : "assertion failed: " + c;
                        return new Outcome(Status.FAILED, msg, Map.of("assertion", String.valueOf(c)), Map.of());
                    }
                }
                Object success = args.get("success_msg");
                return new Outcome(Status.OK, success != null ? String.valueOf(ex.resolve(success, vars)) : "all assertions passed",
                        Map.of(), Map.of());
            }
            case "fail" -> {
                return new Outcome(Status.FAILED, String.valueOf(ex.resolve(args.getOrDefault("msg", "failed as requested"), vars)),
                        Map.of(), Map.of());
            }
            default -> {
                return new Outcome(Status.OK, "meta " + args.get("action"), Map.of(), Map.of());
            }
        }
    }
}
