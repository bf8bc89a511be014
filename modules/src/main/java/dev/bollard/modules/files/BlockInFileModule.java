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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code blockinfile}: a block of lines between two marker lines, replaced as a whole, added or removed. */
public final class BlockInFileModule implements Module<BlockInFileModule.BlockArgs> {

    public record BlockArgs(String path, List<String> block, String begin, String end, boolean present, String insertAfter,
                            String insertBefore, boolean create, ContentPlanner.Write write) {
    }

    @Override
    public String name() {
        return "blockinfile";
    }

    @Override
    public BlockArgs parse(Args args) throws ArgsException {
        Optional<String> path = args.optString("path");
        if (path.isEmpty()) path = args.optString("dest");
        String p = path.orElseThrow(() -> args.missing("path"));
        String block = args.string("block", "");
        String marker = args.string("marker", "# {mark} BOLLARD MANAGED BLOCK");
        if (!marker.contains("{mark}")) throw args.invalid("marker", "'marker' must contain {mark}");
        boolean present = args.present("state");
        String after = args.optString("insertafter").orElse(null);
        String before = args.optString("insertbefore").orElse(null);
        if (after != null && before != null) throw args.invalid("insertbefore", "give insertafter or insertbefore, not both");
        List<String> lines = block.isEmpty() ? List.of() : Arrays.asList((block.endsWith("\n") ? block.substring(0, block.length() - 1) : block).split("\n", -1));
        BlockArgs a = new BlockArgs(p, lines, marker.replace("{mark}", args.string("marker_begin", "BEGIN")),
                marker.replace("{mark}", args.string("marker_end", "END")), present, after, before,
                args.bool("create", false), new ContentPlanner.Write(Attrs.read(args), args.optString("validate").orElse(null),
                args.bool("backup", false), true));
        args.finish();
        return a;
    }

    @Override
    public List<Probe> probes(BlockArgs a) {
        return List.of(Probe.read(a.path()));
    }

    @Override
    public Plan plan(BlockArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        Optional<RemoteFile> file = ctx.read(a.path());
        if (file.isEmpty() && a.present() && !a.create()) {
            throw new ModuleFailure(a.path() + " does not exist on " + ctx.hostName() + "; set create: true to create it");
        }
        if (file.isEmpty() && !a.present()) return Plan.noOp(a.path() + " does not exist, so the block is absent");
        TextLines t = TextLines.of(file.map(RemoteFile::content).orElse(null));
        int begin = t.lines.indexOf(a.begin());
        int end = begin < 0 ? -1 : t.lines.subList(begin, t.lines.size()).indexOf(a.end()) + begin;
        List<String> wanted = new ArrayList<>();
        wanted.add(a.begin());
        wanted.addAll(a.block());
        wanted.add(a.end());
        if (begin >= 0 && end > begin) {
            List<String> current = new ArrayList<>(t.lines.subList(begin, end + 1));
            if (a.present() && current.equals(wanted)) return attrsOnly(a, ctx, file, "block present in " + a.path());
            t.lines.subList(begin, end + 1).clear();
            if (a.present()) t.lines.addAll(begin, wanted);
        } else if (!a.present()) {
            return Plan.noOp("block absent from " + a.path());
        } else {
            t.lines.addAll(insertAt(a, t), wanted);
        }
        return ContentPlanner.plan(ctx, a.path(), file, t.bytes(), a.write());
    }

    private static Plan attrsOnly(BlockArgs a, TaskContext ctx, Optional<RemoteFile> file, String fact) throws ModuleFailure {
        Plan p = ContentPlanner.plan(ctx, a.path(), file, file.get().content(), a.write());
        return p instanceof Plan.NoOp ? Plan.noOp(fact) : p;
    }

    private static int insertAt(BlockArgs a, TextLines t) {
        String re = a.insertBefore() != null ? a.insertBefore() : a.insertAfter();
        if (re == null || re.equals("EOF")) return t.lines.size();
        if (re.equals("BOF")) return 0;
        Pattern p = Pattern.compile(re);
        int found = -1;
        for (int i = 0; i < t.lines.size(); i++) {
            if (p.matcher(t.lines.get(i)).find()) found = i;
        }
        if (found < 0) return t.lines.size();
        return a.insertBefore() != null ? found : found + 1;
    }
}
