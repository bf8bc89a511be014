package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
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

    public record CopyArgs(String dest, String content, String src, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public CopyArgs parse(Args args) throws ArgsException {
        String dest = args.string("dest");
        Optional<String> content = args.optString("content");
        Optional<String> src = args.optString("src");
        if (content.isPresent() == src.isPresent()) throw args.invalid(content.isPresent() ? "src" : "content", "copy needs exactly one of content or src");
        CopyArgs a = new CopyArgs(dest, content.orElse(null), src.orElse(null), new ContentPlanner.Write(Attrs.read(args),
                args.optString("validate").orElse(null), args.bool("backup", false), args.bool("force", true)));
        args.finish();
        return a;
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
                bytes = Files.readAllBytes(local);
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
