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
        Role role) {

    /** {@code ignore_errors: true}; an expression such as {@code "{{ ansible_check_mode }}"} is judged per host by the engine. */
    public boolean ignoresErrors() {
        return Boolean.TRUE.equals(ignoreErrors);
    }

    /** The names a notify may use for this handler: its name, "role : name" in a role, and what it listens to. */
    public List<String> handlerNames() {
        List<String> out = new java.util.ArrayList<>();
        out.add(displayName());
        if (role != null) out.add(role.name() + " : " + displayName());
        out.addAll(listen);
        return out;
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
                becomeUser != null ? becomeUser : extraBecomeUser, verify, checkMode, noLog, vars, listen, role);
    }

    /** The same task as part of a role: its files, templates and variables are the role's. */
    public Task inRole(Role r) {
        return new Task(name, module, args, location, argLines, when, loop, register, notifies, changedWhen, failedWhen,
                ignoreErrors, tags, become, becomeUser, verify, checkMode, noLog, vars, listen, r);
    }
}
