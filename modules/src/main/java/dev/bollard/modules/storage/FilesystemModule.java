package dev.bollard.modules.storage;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A filesystem on a device, like community.general.filesystem: {@code mkfs.<fstype>} on a blank
 * device; a device that already holds this type is left alone; anything else on it is refused
 * unless {@code force: true}. {@code resizefs} grows an ext2/3/4 filesystem to fill its device.
 */
public final class FilesystemModule implements Module<FilesystemModule.Args> {
    private static final Pattern FSTYPE = Pattern.compile("[a-z0-9_.]+");

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.path("dev", "the block device, such as /dev/data/scratch").mandatory().aliases("device", "src"),
            Param.str("fstype", "the filesystem type: ext4, xfs, btrfs, vfat, swap, ... (mkfs.TYPE, or mkswap)").aliases("type"),
            Param.str("opts", "more options for mkfs, separated by blanks"),
            Param.choice("state", "present: the device holds this filesystem; absent: every signature on it is wiped (wipefs)",
                    "present", "absent"),
            Param.bool("force", false, "make the filesystem on a device that holds something else (destroys its data)"),
            Param.bool("resizefs", false, "grow an ext2/3/4 filesystem to fill its device"))
            .requiredIf("state", "present", "fstype");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A filesystem on a device, like community.general.filesystem: mkfs on a blank device; a device that holds this "
                    + "type already is left alone; anything else on it is refused unless force is set.",
            "a new plan finds nothing to do: blkid finds this filesystem type on the device (present), or no signature (absent)",
            "the filesystem type on the device (filesystem), so that a later task sees it on a device an earlier task creates; "
                    + "a wiped device is predicted to hold none",
            StorageExamples.FILESYSTEM);

    public enum State { PRESENT, ABSENT }

    public record Args(String dev, String fstype, List<String> opts, State state, boolean force, boolean resizefs) {
    }

    @Override
    public String name() {
        return "filesystem";
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
    public Args parse(dev.bollard.spi.Args a) throws ArgsException {
        String dev = a.string("dev");
        if (!dev.startsWith("/") && !Templates.unresolved(dev)) throw a.invalid("dev", "'dev' must be a device path such as /dev/docker/lvol0, not '" + dev + "'");
        State state = a.choice("state", State.class, State.PRESENT);
        String fstype = state == State.PRESENT ? a.string("fstype") : a.string("fstype", "");
        fstype = fstype.toLowerCase(java.util.Locale.ROOT);
        if (state == State.PRESENT && !FSTYPE.matcher(fstype).matches() && !Templates.unresolved(fstype)) {
            throw a.invalid("fstype", "'fstype' must be a filesystem type such as ext4 or xfs, not '" + fstype + "'");
        }
        String opts = a.string("opts", "").strip();
        boolean force = a.bool("force", false);
        boolean resizefs = a.bool("resizefs", false);
        return new Args(dev, fstype, opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")), state, force, resizefs);
    }

    /** Reads the size of an ext filesystem, for resizefs. */
    private static String extSize(String dev) {
        return "dumpe2fs -h " + Shell.quote(dev) + " 2>/dev/null | grep -E '^Block (count|size):'";
    }

    private static boolean readsExtSize(Args args) {
        return args.resizefs() && args.fstype().startsWith("ext");
    }

    @Override
    public List<Probe> probes(Args args) {
        List<Probe> probes = new ArrayList<>(List.of(StorageScripts.probe(BlockDevice.command(args.dev()))));
        if (readsExtSize(args)) probes.add(StorageScripts.probe(extSize(args.dev())));
        return probes;
    }

    @Override
    public Plan plan(Args args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        StorageScripts.fetch(ctx, probes(args));
        String dev = args.dev();
        BlockDevice d = BlockDevice.parse(dev, StorageScripts.query(ctx, BlockDevice.command(dev)));
        Map<String, Object> data = Map.of("dev", dev, "fstype", args.fstype());
        String canonical = LvmNames.canonical(dev);
        Predicted<String> predictedFs = ctx.state().predicted(Prediction.filesystem(canonical));
        Predicted<Long> predictedLv = ctx.state().predicted(Prediction.logicalVolume(canonical));

        if (predictedLv.isAbsent()) {
            // an earlier task removes the LV: nothing of it is left to format or wipe
            if (args.state() == State.ABSENT) return new Plan.NoOp(dev + " would not exist (an earlier task removes it)", data);
            throw new ModuleFailure(dev + " would not exist on " + ctx.hostName() + ": an earlier task removes it");
        }
        if (args.state() == State.ABSENT) {
            if (!d.exists() && !predictedLv.isPresent()) return new Plan.NoOp(dev + " does not exist", data);
            if (predictedFs.isAbsent()) return new Plan.NoOp(dev + " would hold no filesystem or signature", data);
            Optional<String> what = predictedFs.value().map(t -> "a " + t + " filesystem").or(d::signature);
            if (what.isEmpty()) return new Plan.NoOp(dev + " holds no filesystem or signature", data);
            ScriptStep wipe = StorageScripts.step("wipefs -a " + Shell.quote(dev), s -> s.predictAbsent(Prediction.filesystem(canonical)));
            return new Plan.Change("wipe " + what.get() + " from " + dev,
                    List.of(Diff.property(dev, "filesystem", predictedFs.value().or(d::type).orElse(what.get()), null)),
                    List.of(wipe), data);
        }
        if (predictedFs.isPresent()) {
            String fs = predictedFs.value().orElseThrow();
            if (fs.equals(args.fstype())) return new Plan.NoOp(dev + " would hold " + args.fstype(), data);
            if (!args.force()) throw refuse(dev, ctx, "a " + fs + " filesystem (from an earlier task)");
            return create(args, "would reformat", fs, data);
        }
        if (predictedFs.isAbsent() && (d.exists() || predictedLv.isPresent())) {
            // wiped by an earlier task: blank, whatever blkid finds there now
            return create(args, "would create", null, data);
        }
        if (!d.exists()) {
            if (predictedLv.isPresent()) return create(args, "would create", null, data);
            throw new ModuleFailure(dev + " does not exist on " + ctx.hostName());
        }
        if (d.blkidRc() != 8 && args.fstype().equals(d.type().orElse(null))) {
            if (readsExtSize(args)) {
                long fsBytes = extBytes(StorageScripts.query(ctx, extSize(dev)));
                if (fsBytes > 0 && d.size() - fsBytes >= 1L << 20) {
                    return new Plan.Change("grow the " + args.fstype() + " filesystem on " + dev + " from " + SizeSpec.human(fsBytes)
                            + " to " + SizeSpec.human(d.size()),
                            List.of(Diff.property(dev, "filesystem size", SizeSpec.human(fsBytes), SizeSpec.human(d.size()))),
                            List.of(StorageScripts.step("resize2fs " + Shell.quote(dev))), data);
                }
            }
            return new Plan.NoOp(dev + " holds " + args.fstype(), data);
        }
        Optional<String> what = d.signature();
        if (what.isPresent() && !args.force()) throw refuse(dev, ctx, what.get());
        return create(args, what.isPresent() ? "reformat" : "create", d.type().orElse(what.orElse(null)), data);
    }

    private static ModuleFailure refuse(String dev, TaskContext ctx, String what) {
        return new ModuleFailure(dev + " on " + ctx.hostName() + " already holds " + what
                + "; set force: true to reformat (destroys its data)");
    }

    private Plan create(Args args, String verb, String before, Map<String, Object> data) {
        String dev = args.dev();
        String fstype = args.fstype();
        List<String> cmd = new ArrayList<>();
        cmd.add(fstype.equals("swap") ? "mkswap" : "mkfs." + fstype);
        if (args.force()) {
            String flag = forceFlag(fstype);
            if (flag != null) cmd.add(flag);
        }
        for (String o : args.opts()) cmd.add(Shell.quote(o));
        cmd.add(Shell.quote(dev));
        String canonical = LvmNames.canonical(dev);
        ScriptStep step = StorageScripts.step(String.join(" ", cmd), s -> s.predict(Prediction.filesystem(canonical), fstype));
        return new Plan.Change(verb + " " + fstype + " on " + dev, List.of(Diff.property(dev, "filesystem", before, fstype)),
                List.of(step), data);
    }

    /** The flag that makes each mkfs overwrite what is there; only sent with force. */
    static String forceFlag(String fstype) {
        return switch (fstype) {
            case "ext2", "ext3", "ext4", "ext4dev" -> "-F";
            case "xfs", "btrfs", "f2fs", "reiserfs", "ocfs2", "swap", "nilfs2" -> "-f";
            case "vfat", "fat", "msdos" -> "-I";
            default -> null;
        };
    }

    private static long extBytes(StorageScripts.Output s) {
        if (s == null) return 0;
        long count = 0;
        long size = 0;
        for (String line : s.lines()) {
            Matcher m = Pattern.compile("Block (count|size):\\s+(\\d+)").matcher(line);
            if (m.matches()) {
                if (m.group(1).equals("count")) count = Long.parseLong(m.group(2));
                else size = Long.parseLong(m.group(2));
            }
        }
        return count * size;
    }
}
