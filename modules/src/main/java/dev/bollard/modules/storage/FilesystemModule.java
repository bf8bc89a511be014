package dev.bollard.modules.storage;

import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
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

    public enum State { PRESENT, ABSENT }

    public record Args(String dev, String fstype, List<String> opts, State state, boolean force, boolean resizefs) {
    }

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public Args parse(dev.bollard.spi.Args a) throws ArgsException {
        String dev = a.string("dev");
        if (!dev.startsWith("/")) throw a.invalid("dev", "'dev' must be a device path such as /dev/docker/lvol0, not '" + dev + "'");
        State state = a.choice("state", State.class, State.PRESENT);
        String fstype = state == State.PRESENT ? a.string("fstype") : a.string("fstype", "");
        fstype = fstype.toLowerCase(java.util.Locale.ROOT);
        if (state == State.PRESENT && !FSTYPE.matcher(fstype).matches()) {
            throw a.invalid("fstype", "'fstype' must be a filesystem type such as ext4 or xfs, not '" + fstype + "'");
        }
        String opts = a.string("opts", "").strip();
        boolean force = a.bool("force", false);
        boolean resizefs = a.bool("resizefs", false);
        a.finish();
        return new Args(dev, fstype, opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")), state, force, resizefs);
    }

    @Override
    public Plan plan(Args args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String dev = args.dev();
        Probe probe = new Probe().add("dev", BlockDevice.probe(dev));
        boolean ext = args.fstype().startsWith("ext");
        if (args.resizefs() && ext) probe.add("ext", "dumpe2fs -h " + Shell.quote(dev) + " 2>/dev/null | grep -E '^Block (count|size):'");
        Map<String, Probe.Section> facts = probe.run(ctx);
        BlockDevice d = BlockDevice.parse(dev, facts.get("dev"));
        Map<String, Object> data = Map.of("dev", dev, "fstype", args.fstype());
        Optional<Object> predictedFs = ctx.state().predicted("fs:" + LvmNames.canonical(dev));
        boolean predictedLv = ctx.state().predicted("lvm.lv:" + LvmNames.canonical(dev)).isPresent();

        if (args.state() == State.ABSENT) {
            if (!d.exists()) return new Plan.NoOp(dev + " does not exist", data);
            Optional<String> what = d.signature();
            if (what.isEmpty()) return new Plan.NoOp(dev + " holds no filesystem or signature", data);
            return new Plan.Change("wipe " + what.get() + " from " + dev,
                    List.of(Diff.property(dev, "filesystem", d.type().orElse(what.get()), null)),
                    List.of(new CommandStep("wipefs -a " + Shell.quote(dev))), data);
        }
        if (predictedFs.isPresent()) {
            if (predictedFs.get().equals(args.fstype())) return new Plan.NoOp(dev + " would hold " + args.fstype(), data);
            if (!args.force()) throw refuse(dev, ctx, "a " + predictedFs.get() + " filesystem (from an earlier task)");
            return create(args, "would reformat", null, data);
        }
        if (!d.exists()) {
            if (predictedLv) return create(args, "would create", null, data);
            throw new ModuleFailure(dev + " does not exist on " + ctx.hostName());
        }
        if (d.blkidRc() != 8 && args.fstype().equals(d.type().orElse(null))) {
            if (args.resizefs() && ext) {
                long fsBytes = extBytes(facts.get("ext"));
                if (fsBytes > 0 && d.size() - fsBytes >= 1L << 20) {
                    return new Plan.Change("grow the " + args.fstype() + " filesystem on " + dev + " from " + SizeSpec.human(fsBytes)
                            + " to " + SizeSpec.human(d.size()),
                            List.of(Diff.property(dev, "filesystem size", SizeSpec.human(fsBytes), SizeSpec.human(d.size()))),
                            List.of(new CommandStep("resize2fs " + Shell.quote(dev))), data);
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
        String key = "fs:" + LvmNames.canonical(dev);
        CommandStep step = new CommandStep(String.join(" ", cmd), s -> s.predict(key, fstype));
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

    private static long extBytes(Probe.Section s) {
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
