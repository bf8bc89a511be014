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
import dev.bollard.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code template}: a template rendered with the host's variables, written only when the result differs. */
public final class TemplateModule implements Module<TemplateModule.TemplateArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS, Attrs.with(CopyModule.WRITE_PARAMS,
            Param.path("src", "the template on the control machine, found as copy finds src (templates/ beside the playbook or in the role): Jinja, or FreeMarker if it ends in .ftl")
                    .mandatory(),
            Param.path("dest", "the file on the host").mandatory())));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A file rendered from a template on the control machine with the host's variables, written only when the result differs "
                    + "(compared by checksum before any transfer).",
            "the file has the rendered content (sha256), mode, owner and group",
            "the file's predicted content and attributes, so a later task reading or editing it plans against them",
            """
            # templates/motd.j2 beside the playbook holds one line:
            #   Welcome to {{ inventory_hostname }} ({{ ansible_facts.distribution | default('Linux') }})
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
            - name: The message of the day, rendered for each host
              template:
                src: templates/motd.j2
                dest: /etc/bollard-example/motd
                mode: "0644"
            """);

    public record TemplateArgs(String src, String dest, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "template";
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
    public TemplateArgs parse(Args args) throws ArgsException {
        return new TemplateArgs(args.string("src"), args.string("dest"), CopyModule.write(args));
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
