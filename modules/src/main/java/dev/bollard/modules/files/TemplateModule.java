package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code template}: a FreeMarker template rendered with the host's variables, written only when the result differs. */
public final class TemplateModule implements Module<TemplateModule.TemplateArgs> {

    public record TemplateArgs(String src, String dest, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public TemplateArgs parse(Args args) throws ArgsException {
        TemplateArgs a = new TemplateArgs(args.string("src"), args.string("dest"), new ContentPlanner.Write(Attrs.read(args),
                args.optString("validate").orElse(null), args.bool("backup", false), args.bool("force", true)));
        args.finish();
        return a;
    }

    @Override
    public List<Probe> probes(TemplateArgs a) {
        return ContentPlanner.probes(a.dest());
    }

    @Override
    public Plan plan(TemplateArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        byte[] rendered = ctx.local().render(a.src()).getBytes(StandardCharsets.UTF_8);
        return ContentPlanner.plan(ctx, a.dest(), rendered, a.write());
    }
}
