package dev.bollard.modules.files;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Module;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code file}: a path that is a directory, an existing file, a symbolic link, an (empty if new)
 * file, or nothing, with mode, owner and group. Unlike Ansible's, {@code touch} of an existing
 * file changes nothing, so the task stays idempotent.
 */
public final class FileModule implements Module<FileModule.FileArgs> {
    enum State { FILE, DIRECTORY, ABSENT, TOUCH, LINK }

    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS,
            Param.path("path", "the path on the host").mandatory().aliases("dest", "name"),
            Param.choice("state", "directory: created with its parents; file: must exist already (only its attributes are set); "
                    + "touch: created empty if missing (an existing file is left as it is, unlike Ansible's, so the task stays idempotent); "
                    + "link: a symbolic link to src; absent: removed, recursively. Not given: file, or directory if the path is one. "
                    + "Ansible's hard is not available", "file", "directory", "touch", "link", "absent").noDefault(),
            Param.path("src", "the target of the link (state: link), written as given"),
            Param.bool("force", false, "link: replace a path that is not a link; absent: remove a path fewer than two levels below /")))
            .requiredIf("state", "link", "src");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A path that is a directory, an existing file, a symbolic link, an (empty if new) file, or nothing, with mode, owner and group.",
            "the path is of the asked type (or absent), a link points to src, and mode, owner and group are as asked",
            "the path as it would be (type, link target, attributes; an empty file for touch) or its absence, "
                    + "so later tasks writing into a new directory or reading the path plan against it",
            """
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
                mode: "0750"
                owner: root
                group: root
            - name: An empty file, created once
              file:
                path: /etc/bollard-example/enabled
                state: touch
                mode: "0640"
            - name: A link to it
              file:
                path: /tmp/bollard-example-enabled
                src: /etc/bollard-example/enabled
                state: link
            - name: Nothing left at an old path
              file:
                path: /tmp/bollard-example-old
                state: absent
            """);

    public record FileArgs(String path, State state, String src, Attrs attrs, boolean force) {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleDoc doc() {
        return DOC;
    }

    @Override
    public FileArgs parse(Args args) throws ArgsException {
        return new FileArgs(args.string("path"), args.choice("state", State.class, null), args.optString("src").orElse(null),
                Attrs.read(args), args.bool("force", false));
    }

    @Override
    public List<Probe> probes(FileArgs a) {
        return List.of(Probe.stat(a.path()));
    }

    @Override
    public Plan plan(FileArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> found = ctx.stat(a.path());
        State state = a.state() != null ? a.state() : found.map(f -> f.isDirectory() ? State.DIRECTORY : State.FILE).orElse(State.FILE);
        String p = Shell.quote(a.path());
        switch (state) {
            case ABSENT -> {
                if (found.isEmpty()) return Plan.noOp(a.path() + " does not exist");
                if (!a.force() && a.path().replaceAll("/+$", "").split("/").length < 3) {
                    throw new ModuleFailure("refusing to remove " + a.path() + " on " + ctx.hostName() + ": too close to / (set force: true if you mean it)");
                }
                return change("remove " + a.path(), new Diff(a.path(), describe(found.get()), null),
                        run("remove " + a.path(), "rm -rf -- " + p, a.path(), null));
            }
            case DIRECTORY -> {
                if (found.isEmpty()) {
                    return change("create directory " + a.path(), new Diff(a.path(), null, "directory\n"),
                            run("create directory " + a.path(), "mkdir -p -- " + p + attrsCmd(a.attrs(), p), a.path(),
                                    new RemoteFile(a.path(), RemoteFile.Type.DIRECTORY, or(a.attrs().mode(), "0755"), a.attrs().owner(), a.attrs().group(), 0, null, null)));
                }
                if (!found.get().isDirectory()) throw new ModuleFailure(a.path() + " on " + ctx.hostName() + " exists but is not a directory");
                return attrs(a, found.get(), "directory");
            }
            case FILE -> {
                if (found.isEmpty()) {
                    Optional<String> pending = ctx.check() ? ctx.state().notYetThereNote(a.path()) : Optional.empty();
                    if (pending.isPresent()) {
                        // at apply the package is there, or this fails as it would now
                        return new Plan.Change("set attributes of " + a.path() + " (" + pending.get() + ")",
                                List.of(new Diff(a.path(), null, a.attrs().describeWanted() + "\n")), List.of());
                    }
                    throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName() + "; use state: touch to create it, or state: directory");
                }
                return attrs(a, found.get(), found.get().type().name().toLowerCase());
            }
            case TOUCH -> {
                if (found.isPresent()) return attrs(a, found.get(), found.get().type().name().toLowerCase());
                return change("create empty file " + a.path(), new Diff(a.path(), null, ""),
                        run("create empty file " + a.path(), "touch -- " + p + attrsCmd(a.attrs(), p), a.path(),
                                RemoteFile.predicted(a.path(), new byte[0], or(a.attrs().mode(), "0644"), a.attrs().owner(), a.attrs().group())));
            }
            default -> {
                if (found.isPresent() && found.get().type() == RemoteFile.Type.LINK && a.src().equals(found.get().linkTarget())) {
                    return attrs(a, found.get(), "link to " + a.src());
                }
                if (found.isPresent() && found.get().type() != RemoteFile.Type.LINK && !a.force()) {
                    throw new ModuleFailure(a.path() + " on " + ctx.hostName() + " exists and is not a link; set force: true to replace it");
                }
                String before = found.map(FileModule::describe).orElse(null);
                return change("link " + a.path() + " -> " + a.src(), new Diff(a.path(), before, "link to " + a.src() + "\n"),
                        run("link " + a.path() + " -> " + a.src(), "ln -sfn -- " + Shell.quote(a.src()) + " " + p, a.path(),
                                new RemoteFile(a.path(), RemoteFile.Type.LINK, "0777", a.attrs().owner(), a.attrs().group(), 0, a.src(), null)));
            }
        }
    }

    private static Plan attrs(FileArgs a, RemoteFile f, String what) {
        List<Diff> diffs = a.attrs().differences(f);
        if (diffs.isEmpty()) return Plan.noOp(a.path() + " is a " + what + " with " + a.attrs().describe(f));
        return new Plan.Change("set attributes of " + a.path(), diffs, List.of(new SetAttrs(f, a.attrs())));
    }

    private static Plan change(String summary, Diff diff, Step step) {
        return new Plan.Change(summary, List.of(diff), List.of(step));
    }

    private static String attrsCmd(Attrs attrs, String quotedPath) {
        List<String> cmds = new ArrayList<>();
        if (attrs.mode() != null) cmds.add("chmod " + Shell.quote(attrs.mode()) + " -- " + quotedPath);
        if (attrs.owner() != null) cmds.add("chown " + Shell.quote(attrs.owner()) + " -- " + quotedPath);
        if (attrs.group() != null) cmds.add("chgrp " + Shell.quote(attrs.group()) + " -- " + quotedPath);
        return cmds.isEmpty() ? "" : " && " + String.join(" && ", cmds);
    }

    private static String or(String v, String fallback) {
        return v != null ? v : fallback;
    }

    private static String describe(RemoteFile f) {
        return f.type().name().toLowerCase() + (f.linkTarget() != null ? " to " + f.linkTarget() : "") + ", mode " + f.mode()
                + ", owner " + f.owner() + "\n";
    }

    /** A script that creates, links or removes the path, predicting what it leaves there. */
    private static Step run(String what, String script, String path, RemoteFile result) {
        return new PathScript(what, script, path, result);
    }
}
