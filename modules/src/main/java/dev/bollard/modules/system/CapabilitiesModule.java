package dev.bollard.modules.system;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code capabilities}: a file capability such as {@code cap_net_bind_service+ep} on a binary,
 * read back with getcap (from /sbin when it is not on the PATH) and set with setcap, keeping the
 * file's other capabilities.
 */
public final class CapabilitiesModule implements Module<CapabilitiesModule.CapArgs> {
    private static final String TOOLS = "PATH=$PATH:/usr/sbin:/sbin; ";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.path("path", "the file").mandatory().aliases("key"),
            Param.str("capability", "the capability and its flags, as cap_net_bind_service+ep").mandatory().aliases("cap"),
            Param.choice("state", "present: the file has the capability with exactly these flags; absent: it does not have it",
                    "present", "absent"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A file capability such as cap_net_bind_service+ep on a binary (getcap, setcap), keeping the file's other capabilities.",
            "getcap shows the capability with the flags asked for (or without it for state: absent), the others unchanged",
            "nothing beyond its own change; a file not there yet in check mode is planned as set (an earlier task would install it)",
            """
            - name: A binary to carry the capability
              command:
                cmd: cp /usr/bin/true /usr/local/bin/capdemo
                creates: /usr/local/bin/capdemo
            - name: It may bind low ports
              capabilities:
                path: /usr/local/bin/capdemo
                capability: cap_net_bind_service+ep
            """);

    public record CapArgs(String path, String capability, String flags, boolean present) {
    }

    @Override
    public String name() {
        return "capabilities";
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
    public CapArgs parse(Args args) throws ArgsException {
        String cap = args.string("capability").strip().toLowerCase(Locale.ROOT);
        String[] parts = cap.split("[+=]", 2);
        if (parts.length != 2 || !parts[0].matches("cap_[a-z_]+") || !parts[1].matches("[eip]+")) {
            throw args.invalid("capability", "'capability' must look like cap_net_bind_service+ep, not '" + cap + "'");
        }
        return new CapArgs(args.string("path"), parts[0], sorted(parts[1]), args.present("state"));
    }

    private static String getcap(CapArgs a) {
        return TOOLS + "getcap " + Shell.quote(a.path());
    }

    @Override
    public List<Probe> probes(CapArgs a) {
        return List.of(Probe.stat(a.path()), Probe.query(getcap(a)));
    }

    @Override
    public Plan plan(CapArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String p = Shell.quote(a.path());
        if (ctx.stat(a.path()).isEmpty()) {
            Optional<String> pending = ctx.check() && a.present() ? ctx.state().notYetThereNote(a.path()) : Optional.empty();
            if (pending.isPresent()) {
                return new Plan.Change("set " + a.capability() + "=" + a.flags() + " on " + a.path() + " (" + pending.get() + ")",
                        new ScriptStep("setcap on " + a.path(), "false"));
            }
            if (!a.present()) return Plan.noOp(a.path() + " does not exist");
            throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName());
        }
        ExecResult r = ctx.query(getcap(a));
        if (r.rc() == 127) throw new ModuleFailure("getcap is missing on " + ctx.hostName() + " (install libcap2-bin)");
        if (!r.ok()) throw new ModuleFailure("getcap " + a.path() + " failed on " + ctx.hostName() + ": " + r.firstErrorLine());
        Map<String, String> caps = parse(r.stdout(), a.path());
        String before = render(caps);
        Map<String, String> wanted = new LinkedHashMap<>(caps);
        if (a.present()) wanted.put(a.capability(), a.flags());
        else wanted.remove(a.capability());
        String after = render(wanted);
        if (before.equals(after)) {
            return Plan.noOp(a.path() + (a.present() ? " has " + a.capability() + "=" + a.flags() : " lacks " + a.capability())
                    + (before.isEmpty() ? "" : " (getcap: " + before + ")"));
        }
        String script = TOOLS + (after.isEmpty() ? "setcap -r " + p : "setcap " + Shell.quote(after) + " " + p);
        String what = (a.present() ? "set " : "remove ") + a.capability() + (a.present() ? "=" + a.flags() : "") + " on " + a.path();
        return new Plan.Change(what, List.of(Diff.property(a.path(), "capabilities", before.isEmpty() ? "(none)" : before,
                after.isEmpty() ? "(none)" : after)), List.of(new ScriptStep(what, script)));
    }

    /** Reads getcap's two output styles: {@code path cap_a,cap_b=ep} and the older {@code path = cap_a+ep}. */
    static Map<String, String> parse(String out, String path) {
        Map<String, String> caps = new LinkedHashMap<>();
        String text = out.strip();
        if (text.isEmpty()) return caps;
        if (text.startsWith(path)) text = text.substring(path.length()).strip();
        if (text.startsWith("=")) text = text.substring(1).strip();
        for (String clause : text.split("\\s+")) {
            String[] kv = clause.split("[+=]", 2);
            if (kv.length != 2) continue;
            for (String cap : kv[0].split(",")) caps.put(cap.strip(), sorted(kv[1]));
        }
        return caps;
    }

    private static String render(Map<String, String> caps) {
        List<String> out = new ArrayList<>();
        caps.forEach((c, f) -> out.add(c + "=" + f));
        return String.join(" ", out);
    }

    private static String sorted(String flags) {
        StringBuilder s = new StringBuilder();
        for (char c : new char[] {'e', 'i', 'p'}) {
            if (flags.indexOf(c) >= 0) s.append(c);
        }
        return s.toString();
    }
}
