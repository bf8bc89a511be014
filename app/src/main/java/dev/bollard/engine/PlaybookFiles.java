package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.spi.LocalFiles;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.vault.VaultEnvelope;
import dev.bollard.vault.VaultException;
import dev.bollard.vault.VaultSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    private final VaultSecrets vault;

    PlaybookFiles(Path baseDir, Expressions expressions, Map<String, Object> vars) {
        this(baseDir, null, expressions, vars, VaultSecrets.NONE);
    }

    PlaybookFiles(Path baseDir, Path roleDir, Expressions expressions, Map<String, Object> vars, VaultSecrets vault) {
        this.baseDir = baseDir;
        this.roleDir = roleDir;
        this.expressions = expressions;
        this.vars = vars;
        this.vault = vault;
    }

    /** The files of a task: its role's first when it has one; vault-encrypted ones are opened with {@code vault}. */
    static PlaybookFiles of(dev.bollard.playbook.Task task, Path baseDir, Expressions expressions, Map<String, Object> vars, VaultSecrets vault) {
        return new PlaybookFiles(baseDir, task.role() == null ? null : task.role().path(), expressions, vars, vault);
    }

    @Override
    public byte[] read(String src) throws ModuleFailure {
        return read(resolve(src), vault);
    }

    /**
     * A local file's bytes; a vault-encrypted one decrypted, as Ansible reads a copy's or a
     * template's {@code src}, its plaintext handed to the run's secrets so no output shows it.
     */
    static byte[] read(Path file, VaultSecrets vault) throws ModuleFailure {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModuleFailure("cannot read " + file + ": " + e.getMessage());
        }
        if (!startsWith(bytes, VAULT_HEADER)) return bytes;
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!VaultEnvelope.isVault(text)) return bytes;
        try {
            VaultSecrets.Opened opened = vault.openFile(text, file.toString());
            vault.decrypted(opened.text());
            return opened.plaintext();
        } catch (VaultException e) {
            throw new ModuleFailure(e.getMessage());
        }
    }

    /** {@link #read} as text. */
    static String readText(Path file, VaultSecrets vault) throws ModuleFailure {
        return new String(read(file, vault), StandardCharsets.UTF_8);
    }

    private static final byte[] VAULT_HEADER = "$ANSIBLE_VAULT;".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) return false;
        }
        return true;
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
            byte[] raw = Files.readAllBytes(file);
            String rendered = expressions.renderFile(file.getFileName().toString(), readText(file, vault), vars);
            // what a vault-encrypted template renders is as secret as the template
            if (startsWith(raw, VAULT_HEADER)) vault.decrypted(rendered);
            return rendered;
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
