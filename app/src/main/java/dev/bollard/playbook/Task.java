package dev.bollard.playbook;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One task as written: the module and its raw arguments (still holding {@code ${...}}), and the
 * keywords around it. {@code argLines} maps each argument key to its line, for error messages.
 */
public record Task(
        String name,
        String module,
        Map<String, Object> args,
        Location location,
        Map<String, Integer> argLines,
        Object when,
        Loop loop,
        String register,
        List<String> notifies,
        Object changedWhen,
        Object failedWhen,
        Object ignoreErrors,
        Set<String> tags,
        Boolean become,
        String becomeUser,
        List<String> verify,
        Boolean checkMode,
        boolean noLog,
        Map<String, Object> vars,
        List<String> listen,
        Role role,
        Block.Scope scope,
        Retry retry,
        Map<String, Object> environment,
        Object delegateTo,
        Object runOnce) {

    /** {@code ignore_errors: true}; an expression such as {@code "{{ ansible_check_mode }}"} is judged per host by the engine. */
    public boolean ignoresErrors() {
        return Boolean.TRUE.equals(ignoreErrors);
    }

    /**
     * The same task inside a block: the block's condition, tags, become and variables come first
     * (its own win), its place in the block is recorded for the run.
     */
    public Task inBlock(Block.Scope place, Object blockWhen, Set<String> blockTags, Boolean blockBecome, String blockBecomeUser,
                        Map<String, Object> blockVars, Object blockIgnoreErrors, Map<String, Object> blockEnvironment) {
        Task t = inherit(blockWhen, blockTags, blockBecome, blockBecomeUser);
        Map<String, Object> merged = new java.util.LinkedHashMap<>(blockVars);
        merged.putAll(vars);
        Object ignore = Boolean.TRUE.equals(ignoreErrors) || blockIgnoreErrors == null ? ignoreErrors : blockIgnoreErrors;
        Block.Scope nested = t.scope == null ? place : reparent(t.scope, place);
        return new Task(name, module, args, location, argLines, t.when, loop, register, notifies, changedWhen, failedWhen,
                ignore, t.tags, t.become, t.becomeUser, verify, checkMode, noLog, merged, listen, role, nested, retry,
                merge(blockEnvironment, environment), delegateTo, runOnce);
    }

    private static Map<String, Object> merge(Map<String, Object> outer, Map<String, Object> inner) {
        if (outer.isEmpty()) return inner;
        Map<String, Object> out = new java.util.LinkedHashMap<>(outer);
        out.putAll(inner);
        return out;
    }

    private static Block.Scope reparent(Block.Scope inner, Block.Scope outermost) {
        return new Block.Scope(inner.block(), inner.part(), inner.outer() == null ? outermost : reparent(inner.outer(), outermost));
    }

    /** The same task with variables below its own (an include's {@code vars:}). */
    public Task withVarsBelow(Map<String, Object> outer) {
        return new Task(name, module, args, location, argLines, when, loop, register, notifies, changedWhen, failedWhen,
                ignoreErrors, tags, become, becomeUser, verify, checkMode, noLog, merge(outer, vars), listen, role, scope, retry, environment, delegateTo, runOnce);
    }

    /** The same task with a block's {@code delegate_to} and {@code run_once} where it has none of its own. */
    public Task delegatedBy(Object blockDelegateTo, Object blockRunOnce) {
        return new Task(name, module, args, location, argLines, when, loop, register, notifies, changedWhen, failedWhen,
                ignoreErrors, tags, become, becomeUser, verify, checkMode, noLog, vars, listen, role, scope, retry, environment,
                delegateTo != null ? delegateTo : blockDelegateTo, runOnce != null ? runOnce : blockRunOnce);
    }

    /** The names a notify may use for this handler: its name, "role : name" in a role, and what it listens to. */
    public List<String> handlerNames() {
        List<String> out = new java.util.ArrayList<>();
        out.add(displayName());
        if (role != null) out.add(role.name() + " : " + displayName());
        out.addAll(listen);
        return out;
    }

    /** The controls this task proves, named by its tags ({@code cis-2.2}); its loop items may name more. */
    public List<Control> controls() {
        return Control.ofTags(tags);
    }

    /** The name shown in output: the task's name, or the module and its first argument. */
    public String displayName() {
        if (name != null && !name.isBlank()) return name;
        if (module.equals("set_fact")) return "set_fact " + String.join(", ", args.keySet());
        if (module.equals("assert") || module.equals("meta")) return module + (module.equals("meta") ? " " + args.get("action") : "");
        Object first = args.isEmpty() ? null : args.values().iterator().next();
        return module + (first == null ? "" : " " + first);
    }

    public Location lineOf(String argKey) {
        Integer line = argKey == null ? null : argLines.get(argKey);
        return line == null ? location : new Location(location.file(), line);
    }

    /** A copy with extra conditions and tags, as an {@code import_tasks} line gives its tasks. */
    public Task inherit(Object extraWhen, Set<String> extraTags, Boolean extraBecome, String extraBecomeUser) {
        Object combined = when;
        if (extraWhen != null) {
            combined = when == null ? extraWhen : List.of(extraWhen, when);
        }
        Set<String> allTags = new java.util.LinkedHashSet<>(tags);
        allTags.addAll(extraTags);
        return new Task(name, module, args, location, argLines, combined, loop, register, notifies, changedWhen, failedWhen,
                ignoreErrors, Set.copyOf(allTags), become != null ? become : extraBecome,
                becomeUser != null ? becomeUser : extraBecomeUser, verify, checkMode, noLog, vars, listen, role, scope, retry, environment, delegateTo, runOnce);
    }

    /** The same task as part of a role: its files, templates and variables are the role's. */
    public Task inRole(Role r) {
        return new Task(name, module, args, location, argLines, when, loop, register, notifies, changedWhen, failedWhen,
                ignoreErrors, tags, become, becomeUser, verify, checkMode, noLog, vars, listen, r, scope, retry, environment, delegateTo, runOnce);
    }
}
