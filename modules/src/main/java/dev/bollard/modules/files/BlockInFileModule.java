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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code blockinfile}: a block of lines between two marker lines, replaced as a whole, added or removed. */
public final class BlockInFileModule implements Module<BlockInFileModule.BlockArgs> {
    /** Ansible's marker, so a block Ansible wrote before is found and replaced, not added a second time. */
    static final String DEFAULT_MARKER = "# {mark} ANSIBLE MANAGED BLOCK";
    /** Bollard's earlier default: with the default marker, a block found only under this one is taken over. */
    private static final String EARLIER_MARKER = "# {mark} BOLLARD MANAGED BLOCK";

    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS,
            Param.path("path", "the file to edit").mandatory().aliases("dest", "destfile", "name"),
            Param.choice("state", "present: the block is in the file, between its markers; absent: the markers and the block are removed", "present", "absent"),
            Param.str("block", "the lines between the markers; empty means no lines (the markers stay)").byDefault("").aliases("content"),
            Param.str("marker", "the marker lines' template, {mark} standing for marker_begin or marker_end; "
                    + "give each block in a file its own marker").byDefault(DEFAULT_MARKER),
            Param.str("marker_begin", "what {mark} becomes in the first marker line").byDefault("BEGIN"),
            Param.str("marker_end", "what {mark} becomes in the last marker line").byDefault("END"),
            Param.str("insertafter", "where a new block goes: after the last line matching this regular expression, or EOF (the default) "
                    + "for the end of the file; with no match, at the end"),
            Param.str("insertbefore", "where a new block goes: before the last line matching this regular expression, or BOF for the start "
                    + "of the file; with no match, at the end"),
            Param.bool("create", false, "create the file if it does not exist (with state: present); otherwise a missing file fails the task"),
            Param.bool("backup", false, "keep a timestamped copy of the file before changing it"),
            Param.str("validate", "a command run on the new content before it replaces the file, %s standing for a temporary copy; "
                    + "if it fails, the file is left as it was")))
            .mutuallyExclusive("insertafter", "insertbefore");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A block of lines between two marker lines in a text file, replaced as a whole, added or removed. "
                    + "The default markers are Ansible's (# BEGIN ANSIBLE MANAGED BLOCK / # END ANSIBLE MANAGED BLOCK), "
                    + "so a block Ansible wrote is taken over rather than doubled; so is one Bollard wrote under its earlier default, "
                    + "# BEGIN BOLLARD MANAGED BLOCK.",
            "the file holds exactly the markers and the block between them (present) or neither marker (absent); mode, owner and group are as asked",
            "the file's predicted content, so a later task editing or reading the same file plans against the edited text",
            """
            - name: A directory for the example
              file:
                path: /etc/bollard-example
                state: directory
            - name: Static host names for the example
              blockinfile:
                path: /etc/bollard-example/hosts
                create: true
                mode: "0644"
                block: |
                  10.0.0.1 db.example.internal
                  10.0.0.2 cache.example.internal
            - name: A second block in the same file needs its own marker
              blockinfile:
                path: /etc/bollard-example/hosts
                marker: "# {mark} EXAMPLE MONITORING"
                insertbefore: BOF
                block: |
                  10.0.0.9 metrics.example.internal
            """);

    /** {@code earlierBegin}/{@code earlierEnd}: the markers Bollard wrote before with the default marker, or null. */
    public record BlockArgs(String path, List<String> block, String begin, String end, boolean present, Regexes.Anchor anchor,
                            boolean create, ContentPlanner.Write write, String earlierBegin, String earlierEnd) {
    }

    @Override
    public String name() {
        return "blockinfile";
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
    public BlockArgs parse(Args args) throws ArgsException {
        String block = args.string("block", "");
        String marker = args.string("marker", DEFAULT_MARKER);
        if (!marker.contains("{mark}")) throw args.invalid("marker", "'marker' must contain {mark}");
        String markBegin = args.string("marker_begin", "BEGIN");
        String markEnd = args.string("marker_end", "END");
        String begin = marker.replace("{mark}", markBegin);
        String end = marker.replace("{mark}", markEnd);
        boolean byDefault = marker.equals(DEFAULT_MARKER);
        if (begin.equals(end)) throw args.invalid("marker_end", "marker_begin and marker_end must differ, or the block's end cannot be found");
        List<String> lines = block.isEmpty() ? List.of() : Arrays.asList((block.endsWith("\n") ? block.substring(0, block.length() - 1) : block).split("\n", -1));
        return new BlockArgs(args.string("path"), lines, begin, end, args.present("state"), Regexes.Anchor.read(args),
                args.bool("create", false), ContentPlanner.Write.read(args, true), byDefault ? EARLIER_MARKER.replace("{mark}", markBegin) : null,
                byDefault ? EARLIER_MARKER.replace("{mark}", markEnd) : null);
    }

    @Override
    public List<Probe> probes(BlockArgs a) {
        return ContentPlanner.readMaybeCreating(a.path(), a.create());
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
        if (!(begin >= 0 && end > begin) && a.earlierBegin() != null) {
            // a block Bollard wrote with its earlier default marker becomes the one under Ansible's
            int earlier = t.lines.indexOf(a.earlierBegin());
            int earlierEnd = earlier < 0 ? -1 : t.lines.subList(earlier, t.lines.size()).indexOf(a.earlierEnd()) + earlier;
            if (earlier >= 0 && earlierEnd > earlier) {
                begin = earlier;
                end = earlierEnd;
            }
        }
        List<String> wanted = new ArrayList<>();
        wanted.add(a.begin());
        wanted.addAll(a.block());
        wanted.add(a.end());
        if (begin >= 0 && end > begin) {
            List<String> current = new ArrayList<>(t.lines.subList(begin, end + 1));
            if (a.present() && current.equals(wanted)) return ContentPlanner.planAttrs(ctx, a.path(), file, a.write(), "block present in " + a.path());
            t.lines.subList(begin, end + 1).clear();
            if (a.present()) t.lines.addAll(begin, wanted);
        } else if (!a.present()) {
            return Plan.noOp("block absent from " + a.path());
        } else {
            t.lines.addAll(a.anchor().in(t, false), wanted);
        }
        return ContentPlanner.plan(ctx, a.path(), file, t.bytes(), a.write());
    }
}
