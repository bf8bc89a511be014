package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.WriteFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * "This content at this path, with these attributes": the plan shared by copy, template and the
 * line-editing modules. Content is compared first; a write happens only when it differs, and an
 * attribute-only difference is fixed without rewriting the file.
 */
public final class ContentPlanner {
    private static final int TEXT_DIFF_LIMIT = 256 * 1024;

    private ContentPlanner() {
    }

    /**
     * Options of a write besides the content. {@code folderChecked}: a new file's folder is looked at when
     * planning (a task's own path); a module's own file in a folder the system has (sources.list.d) is not.
     */
    public record Write(Attrs attrs, String validate, boolean backup, boolean force, boolean folderChecked) {
        /** The task's attributes (mode, owner, group), validate and backup, as every module that writes a file declares them. */
        public static Write read(Args args, boolean force) throws ArgsException {
            return new Write(Attrs.read(args), args.optString("validate").orElse(null), args.bool("backup", false), force, true);
        }

        /** A file a module manages itself: only its mode is set (null: left as it is), no validation, no backup, always written. */
        public static Write plain(String mode) {
            return new Write(new Attrs(mode, null, null), null, false, true, false);
        }
    }

    /**
     * The plan when the content at {@code path} is already as wanted: only its attributes may
     * differ; when they do not either, a no-op that says {@code fact}.
     */
    static Plan planAttrs(TaskContext ctx, String path, Optional<RemoteFile> found, Write w, String fact)
            throws ModuleFailure, ConnectionException {
        Plan p = plan(ctx, path, found, found.get().content(), w);
        return p instanceof Plan.NoOp ? Plan.noOp(fact) : p;
    }

    /**
     * Compares checksums before anything is transferred: a file of the wanted size is hashed on
     * the host, and its content is fetched only when it differs and a text diff can show it.
     */
    static Plan plan(TaskContext ctx, String path, byte[] wanted, Write w) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> at = ctx.stat(path);
        if (at.isEmpty() || !at.get().isFile() || at.get().hasContent()) return plan(ctx, path, ctx.read(path), wanted, w);
        RemoteFile f = at.get();
        boolean large = f.size() > TEXT_DIFF_LIMIT || wanted.length > TEXT_DIFF_LIMIT;
        if (f.size() != wanted.length && !large) return plan(ctx, path, ctx.read(path), wanted, w);
        ExecResult sum = ctx.query(checksum(path));
        String remote = sum.ok() ? sum.stdout().split(" ", 2)[0] : null;
        if (remote == null) return plan(ctx, path, ctx.read(path), wanted, w);
        if (remote.equals(sha256(wanted))) {
            ctx.state().confirmedChecksum(path, remote);
            return plan(ctx, path, Optional.of(f.withContent(wanted)), wanted, w);
        }
        if (!large) return plan(ctx, path, ctx.read(path), wanted, w);
        if (!w.force()) return Plan.noOp(path + " exists and force is false: content left as it is");
        List<Diff> diffs = new ArrayList<>();
        diffs.add(new Diff(path, "binary or large content, sha256 " + remote + "\n", "binary or large content, sha256 " + sha256(wanted) + "\n"));
        diffs.addAll(w.attrs().differences(f));
        return new Plan.Change("update " + path + " (" + f.size() + " -> " + wanted.length + " bytes)", diffs,
                List.of(write(path, wanted, w.attrs(), w)));
    }

    /** What copy and template read of their destination: its stat and checksum, never its content up front. */
    static List<Probe> probes(String path) {
        String dir = folder(path);
        return dir == null ? List.of(Probe.stat(path), Probe.query(checksum(path)))
                : List.of(Probe.stat(path), Probe.query(checksum(path)), Probe.stat(dir));
    }

    private static String checksum(String path) {
        return "sha256sum -- " + Shell.quote(path);
    }

    /**
     * The plan for {@code wanted} at {@code path}, found as {@code found} (read with its content):
     * nothing, its attributes set, or a write.
     */
    public static Plan plan(TaskContext ctx, String path, Optional<RemoteFile> found, byte[] wanted, Write w)
            throws ModuleFailure, ConnectionException {
        if (found.isEmpty()) {
            Attrs attrs = w.attrs().orDefaults("0644");
            return new Plan.Change("create " + path + " (" + wanted.length + " bytes, mode " + attrs.mode() + ")" + (w.folderChecked() ? folderNote(ctx, path) : ""),
                    List.of(diff(path, null, wanted)), List.of(write(path, wanted, attrs, w)));
        }
        RemoteFile f = found.get();
        if (!f.isFile()) {
            throw new ModuleFailure(path + " on " + ctx.hostName() + " is a " + f.type().name().toLowerCase() + ", not a regular file");
        }
        List<Diff> attrDiffs = w.attrs().differences(f);
        boolean same = Arrays.equals(f.content(), wanted);
        if (!same && !w.force()) return Plan.noOp(path + " exists and force is false: content left as it is");
        if (!same) {
            List<Diff> diffs = new ArrayList<>();
            diffs.add(diff(path, f.content(), wanted));
            diffs.addAll(attrDiffs);
            return new Plan.Change("update " + path + " (" + f.content().length + " -> " + wanted.length + " bytes)", diffs,
                    List.of(write(path, wanted, w.attrs(), w)));
        }
        if (!attrDiffs.isEmpty()) {
            List<Step> steps = List.of(new SetAttrs(f, w.attrs()));
            return new Plan.Change("set " + String.join(", ", attrDiffs.stream().map(d -> d.label().replaceAll(".*\\((.*)\\)", "$1")).toList())
                    + " of " + path, attrDiffs, steps);
        }
        return Plan.noOp(path + " has the wanted content (" + wanted.length + " bytes), " + w.attrs().describe(f));
    }

    /**
     * A new file's folder must exist (a write never makes folders, as Ansible's copy does not): said at plan
     * time, so check mode does not promise a write that would fail. In check mode a folder an earlier task
     * creates, or that a package to be installed may bring, is a note instead.
     */
    private static String folderNote(TaskContext ctx, String path) throws ModuleFailure, ConnectionException {
        String dir = folder(path);
        if (dir == null) return "";
        Optional<RemoteFile> d = ctx.stat(dir);
        if (d.isPresent()) {
            if (d.get().isDirectory()) return "";
            throw new ModuleFailure(dir + " on " + ctx.hostName() + " is a " + d.get().type().name().toLowerCase() + ", not a folder: "
                    + path + " cannot be created in it");
        }
        Optional<String> why = ctx.check() ? ctx.state().notYetThereNote(dir) : Optional.empty();
        if (why.isPresent()) return "; folder " + dir + " " + why.get();
        throw new ModuleFailure("folder " + dir + " does not exist on " + ctx.hostName() + ", so " + path
                + " cannot be created: make it first (file: path=" + dir + " state=directory)");
    }

    /**
     * A file read by a module that may create it, and the folder a new file needs (looked at when the
     * file is missing): both read ahead with the tasks around it.
     */
    public static List<Probe> readMaybeCreating(String path, boolean create) {
        String dir = create ? folder(path) : null;
        return dir == null ? List.of(Probe.read(path)) : List.of(Probe.read(path), Probe.stat(dir));
    }

    /** The folder a path is in, or null for / and relative paths. */
    static String folder(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) return null;
        return path.substring(0, slash);
    }

    private static WriteFile write(String path, byte[] content, Attrs attrs, Write w) {
        return new WriteFile(path, content, attrs.mode(), attrs.owner(), attrs.group(), w.validate(), w.backup());
    }

    /** A text diff, or a one-line note for binary or very large content. */
    static Diff diff(String path, byte[] before, byte[] after) {
        if (isText(before) && isText(after)) {
            return new Diff(path, before == null ? null : new String(before, StandardCharsets.UTF_8),
                    after == null ? null : new String(after, StandardCharsets.UTF_8));
        }
        return new Diff(path, before == null ? null : "binary or large content, sha256 " + sha256(before) + "\n",
                after == null ? null : "binary or large content, sha256 " + sha256(after) + "\n");
    }

    private static boolean isText(byte[] b) {
        if (b == null) return true;
        if (b.length > TEXT_DIFF_LIMIT) return false;
        for (byte x : b) {
            if (x == 0) return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
