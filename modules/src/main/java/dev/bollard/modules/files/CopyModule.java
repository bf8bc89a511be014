package dev.bollard.modules.files;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code copy}: a file's content from {@code content} or a local {@code src}, written only when it differs. */
public final class CopyModule implements Module<CopyModule.CopyArgs> {

    static final List<Param> WRITE_PARAMS = List.of(
            Param.bool("backup", false, "keep a timestamped copy of the file before changing it"),
            Param.bool("force", true, "replace a file whose content differs; false: only create the file if it is missing").aliases("thirsty"),
            Param.str("validate", "a command run on the new content before it replaces the file, %s standing for a temporary copy; "
                    + "if it fails, the file is left as it was"));

    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS, Attrs.with(WRITE_PARAMS,
            Param.path("dest", "the file on the host; ending in / (or naming a directory) it is the directory src is copied into").mandatory(),
            Param.str("content", "the file's content, written as given"),
            Param.path("src", "a file on the control machine: in the role's files/ or templates/, or beside the playbook (also in its files/ or templates/); "
                    + "a vault-encrypted one is written decrypted"),
            Param.bool("decrypt", true, "decrypt a vault-encrypted src (with the run's vault passwords); false: copy it as it is"))))
            .mutuallyExclusive("content", "src")
            .requiredOneOf("content", "src");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A file's content, from content or a local src, written only when it differs (compared by checksum before any transfer); "
                    + "mode, owner and group are set without rewriting a file whose content is right.",
            "the file has the wanted content (sha256), mode, owner and group",
            "the file's predicted content and attributes, so a later task reading or editing it plans against them",
            """
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
                mode: "0755"
            - name: The message of the day
              copy:
                dest: /etc/bollard-example/motd
                content: |
                  Managed by Bollard: changes here are overwritten.
                mode: "0644"
                owner: root
                group: root
            - name: A default only written if the file is missing
              copy:
                dest: /etc/bollard-example/local.conf
                content: "# local settings, kept across runs\\n"
                force: false
            """);

    public record CopyArgs(String dest, String content, String src, boolean decrypt, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "copy";
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
    public CopyArgs parse(Args args) throws ArgsException {
        return new CopyArgs(args.string("dest"), args.optString("content").orElse(null), args.optString("src").orElse(null),
                args.bool("decrypt", true), write(args));
    }

    /** The options of a write copy and template share. */
    static ContentPlanner.Write write(Args args) throws ArgsException {
        return ContentPlanner.Write.read(args, args.bool("force", true));
    }

    @Override
    public List<Probe> probes(CopyArgs a) {
        return a.dest().endsWith("/") ? List.of() : ContentPlanner.probes(a.dest());
    }

    @Override
    public Plan plan(CopyArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        byte[] bytes;
        String dest = a.dest();
        if (a.content() != null) {
            bytes = a.content().getBytes(StandardCharsets.UTF_8);
        } else {
            Path local = ctx.local().resolve(a.src());
            try {
                bytes = a.decrypt() ? ctx.local().read(a.src()) : Files.readAllBytes(local);
            } catch (IOException e) {
                throw new ModuleFailure("cannot read " + local + ": " + e.getMessage());
            }
            if (dest.endsWith("/")) dest = dest + local.getFileName();
        }
        Optional<RemoteFile> at = ctx.stat(dest);
        if (at.isPresent() && at.get().isDirectory()) {
            if (a.src() == null) throw new ModuleFailure(dest + " on " + ctx.hostName() + " is a directory; name the file in dest");
            dest = dest + "/" + Path.of(a.src()).getFileName();
        }
        return ContentPlanner.plan(ctx, dest, bytes, a.write());
    }
}
