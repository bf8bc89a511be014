package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.spi.LocalFiles;
import dev.bollard.spi.ModuleFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Local files a task names: for a role's task in the role's {@code templates/}, {@code files/} or
 * {@code tasks/} folder first; then beside the playbook, in its {@code templates/} or
 * {@code files/} folder, or in the project's top-level {@code templates/} beside the playbooks folder.
 */
final class PlaybookFiles implements LocalFiles {
    private final Path baseDir;
    private final Path roleDir;
    private final Expressions expressions;
    private final Map<String, Object> vars;

    PlaybookFiles(Path baseDir, Expressions expressions, Map<String, Object> vars) {
        this(baseDir, null, expressions, vars);
    }

    PlaybookFiles(Path baseDir, Path roleDir, Expressions expressions, Map<String, Object> vars) {
        this.baseDir = baseDir;
        this.roleDir = roleDir;
        this.expressions = expressions;
        this.vars = vars;
    }

    /** The files of a task: its role's first when it has one. */
    static PlaybookFiles of(dev.bollard.playbook.Task task, Path baseDir, Expressions expressions, Map<String, Object> vars) {
        return new PlaybookFiles(baseDir, task.role() == null ? null : task.role().path(), expressions, vars);
    }

    @Override
    public Path resolve(String src) throws ModuleFailure {
        List<Path> tried = candidates(src);
        for (Path p : tried) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new ModuleFailure("local file '" + src + "' not found (looked in " + String.join(", ", tried.stream().map(Path::toString).toList()) + ")");
    }

    @Override
    public String render(String src) throws ModuleFailure {
        Path file = resolve(src);
        try {
            return expressions.renderFile(file.getFileName().toString(), Files.readString(file), vars);
        } catch (IOException e) {
            throw new ModuleFailure("cannot read template " + file + ": " + e.getMessage());
        } catch (ExpressionException e) {
            throw new ModuleFailure("template " + file + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage().replaceFirst("^line \\d+: ", ""));
        }
    }

    private List<Path> candidates(String src) {
        Path p = Path.of(src);
        List<Path> out = new ArrayList<>();
        if (p.isAbsolute()) {
            out.add(p);
            return out;
        }
        if (roleDir != null) {
            out.add(roleDir.resolve("templates").resolve(src));
            out.add(roleDir.resolve("files").resolve(src));
            out.add(roleDir.resolve("tasks").resolve(src));
            out.add(roleDir.resolve(src));
        }
        out.add(baseDir.resolve("templates").resolve(src));
        out.add(baseDir.resolve("files").resolve(src));
        out.add(baseDir.resolve(src));
        Path parent = baseDir.getParent();
        if (parent != null) {
            out.add(parent.resolve("templates").resolve(src));
            out.add(parent.resolve("files").resolve(src));
        }
        return out;
    }
}
