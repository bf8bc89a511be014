package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.playbook.PlaybookLoader;
import dev.bollard.playbook.Task;
import dev.bollard.vault.VaultSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code include_vars}: variables from a YAML or JSON file on the control machine ({@code file},
 * or every file of a {@code dir}), found as Ansible finds them: in the role's {@code vars/}, then
 * the playbook's {@code vars/}, then beside the playbook. They sit just below set_fact.
 */
final class IncludeVars {
    private IncludeVars() {
    }

    static Actions.Outcome run(Task task, Expressions ex, Map<String, Object> vars, Path baseDir, VaultSecrets vault) throws ExpressionException {
        Map<String, Object> args = TaskRunner.renderArgs(ex, task, vars);
        try {
            Map<String, Object> loaded = new LinkedHashMap<>();
            List<Path> files = files(task, args, baseDir);
            for (Path f : files) loaded.putAll(PlaybookLoader.readVarsFile(f, vault));
            Map<String, Object> facts = new LinkedHashMap<>();
            if (args.get("name") != null) facts.put(String.valueOf(args.get("name")), loaded);
            else facts.putAll(loaded);
            String from = String.join(", ", files.stream().map(Path::toString).toList());
            return new Actions.Outcome(Status.OK, "variables from " + (from.isEmpty() ? "no file" : from), Map.of("ansible_included_var_files",
                    files.stream().map(Path::toString).toList()), facts);
        } catch (PlaybookException e) {
            return new Actions.Outcome(Status.FAILED, e.getMessage(), Map.of(), Map.of());
        }
    }

    private static List<Path> files(Task task, Map<String, Object> args, Path baseDir) throws PlaybookException {
        Object file = args.containsKey("file") ? args.get("file") : args.get("free_form");
        Path roleDir = task.role() == null ? null : task.role().path();
        if (file != null) return List.of(find(String.valueOf(file), roleDir, baseDir));
        Object dir = args.get("dir");
        if (dir == null) throw new PlaybookException(task.location() + ": include_vars needs 'file' or 'dir'");
        Path folder = find(String.valueOf(dir), roleDir, baseDir);
        Pattern matching = args.get("files_matching") == null ? null : Pattern.compile(String.valueOf(args.get("files_matching")));
        List<String> extensions = args.get("extensions") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of("yml", "yaml", "json");
        List<String> ignore = args.get("ignore_files") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        int depth = args.get("depth") == null ? Integer.MAX_VALUE : Math.max(1, Integer.parseInt(String.valueOf(args.get("depth"))));
        try (Stream<Path> walk = Files.walk(folder, depth)) {
            List<Path> out = new ArrayList<>();
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot < 0 || !extensions.contains(name.substring(dot + 1))) return;
                if (ignore.contains(name) || (matching != null && !matching.matcher(name).matches())) return;
                out.add(p);
            });
            return out;
        } catch (IOException e) {
            throw new PlaybookException(task.location() + ": include_vars: cannot read " + folder + ": " + e.getMessage());
        }
    }

    private static Path find(String name, Path roleDir, Path baseDir) throws PlaybookException {
        Path p = Path.of(name);
        List<Path> tried = new ArrayList<>();
        if (p.isAbsolute()) tried.add(p);
        else {
            if (roleDir != null) {
                tried.add(roleDir.resolve("vars").resolve(name));
                tried.add(roleDir.resolve(name));
            }
            tried.add(baseDir.resolve("vars").resolve(name));
            tried.add(baseDir.resolve(name));
        }
        for (Path t : tried) {
            if (Files.exists(t)) return t;
        }
        throw new PlaybookException("include_vars: '" + name + "' not found (looked in " + String.join(", ", tried.stream().map(Path::toString).toList()) + ")");
    }

    /** The variable names include_vars tasks may define, for preflight: every vars file the play could read. */
    static Set<String> possibleNames(Task task, Path baseDir, VaultSecrets vault) {
        Set<String> out = new java.util.HashSet<>();
        List<Path> folders = new ArrayList<>();
        if (task.role() != null) folders.add(task.role().path().resolve("vars"));
        folders.add(baseDir.resolve("vars"));
        Object name = task.args().get("name");
        if (name != null) out.add(String.valueOf(name));
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    try {
                        out.addAll(PlaybookLoader.readVarsFile(f, vault).keySet());
                    } catch (PlaybookException ignored) {
                        // the task itself reports a broken file when it reads it
                    }
                }
            } catch (IOException ignored) {
                // an unreadable folder is the task's to report
            }
        }
        return out;
    }
}
