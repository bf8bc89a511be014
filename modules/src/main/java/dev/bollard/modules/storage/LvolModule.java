package dev.bollard.modules.storage;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.HostState;
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
import java.util.List;
import java.util.Map;

/**
 * A logical volume of a given size, like community.general.lvol: creates it, grows it when the
 * requested size (rounded up to whole extents) is larger, shrinks it only with {@code shrink: true},
 * removes it only with {@code force: true}. In check mode it plans against a VG that an earlier
 * {@code lvg} task would create.
 */
public final class LvolModule implements Module<LvolModule.Args> {
    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("vg", "the volume group the LV is in").mandatory(),
            Param.str("lv", "the logical volume's name").mandatory(),
            Param.str("size", "its size: an amount with a unit (20G, 512m; binary units, no unit means MiB) or a share of the "
                    + "VG, its PVs or its free space (80%VG, 100%FREE); needed to create it"),
            Param.choice("state", "present: the LV exists, at least this size; absent: it is removed (needs force)",
                    "present", "absent"),
            Param.bool("resizefs", false, "grow (or shrink) the filesystem on it with the LV"),
            Param.bool("shrink", false, "shrink the LV when it is larger than size"),
            Param.bool("force", false, "remove the LV, or shrink it without resizefs (destroys data)"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A logical volume of a given size, like community.general.lvol: created, grown when the requested size (rounded "
                    + "up to whole extents) is larger, removed only with force. shrink defaults to false here, unlike Ansible's "
                    + "true: a size smaller than the LV then leaves it as it is instead of cutting into its data.",
            "a new plan finds nothing to do: the LV exists with the requested size (present) or does not exist (absent)",
            "the LV's size (logicalVolume) and what is left free in its VG (volumeGroup), so that a later filesystem or mount "
                    + "task plans against an LV that does not exist yet; a removed LV is predicted absent, with its filesystem",
            StorageExamples.LV);

    public enum State { PRESENT, ABSENT }

    public record Args(String vg, String lv, SizeSpec size, State state, boolean resizefs, boolean shrink, boolean force) {
        String path() {
            return LvmNames.lvPath(vg, lv);
        }
    }

    @Override
    public String name() {
        return "lvol";
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
        String vg = a.string("vg");
        if (!LvmNames.valid(vg) && !Templates.unresolved(vg)) throw a.invalid("vg", "'vg' must be a volume group name such as docker, not '" + vg + "'");
        String lv = a.string("lv");
        if (!LvmNames.valid(lv) && !Templates.unresolved(lv)) throw a.invalid("lv", "'lv' must be a logical volume name such as lvol0, not '" + lv + "'");
        SizeSpec size = null;
        if (a.has("size") && !Templates.unresolved(a.string("size"))) {
            try {
                size = SizeSpec.parse(a.string("size"));
            } catch (IllegalArgumentException e) {
                throw a.invalid("size", "'size': " + e.getMessage());
            }
        }
        State state = a.choice("state", State.class, State.PRESENT);
        boolean resizefs = a.bool("resizefs", false);
        boolean shrink = a.bool("shrink", false);
        boolean force = a.bool("force", false);
        return new Args(vg, lv, size, state, resizefs, shrink, force);
    }

    /** A VG as read from the host, or as an earlier check-mode task predicted it. */
    private record VgView(long size, long free, long extent, boolean predicted) {
    }

    @Override
    public List<Probe> probes(Args args) {
        return List.of(StorageScripts.probe(LvmReport.LVS), StorageScripts.probe(LvmReport.VGS));
    }

    @Override
    public Plan plan(Args args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        StorageScripts.fetch(ctx, probes(args));
        StorageScripts.Output lvs = LvmReport.read(ctx, LvmReport.LVS);
        StorageScripts.Output vgs = LvmReport.read(ctx, LvmReport.VGS);
        String path = args.path();
        Map<String, Object> data = Map.of("lv_path", path, "vg", args.vg(), "lv", args.lv());
        HostState state = ctx.state();
        LvmReport.Vg real = LvmReport.vgs(vgs).get(args.vg());
        // an earlier check-mode task (vgcreate, vgextend, lvcreate, vgremove) may have changed what this VG would hold
        Predicted<Prediction.VolumeGroup> predictedVg = state.predicted(Prediction.volumeGroup(args.vg()));
        VgView vg = null;
        if (predictedVg.isPresent()) {
            Prediction.VolumeGroup p = predictedVg.value().orElseThrow();
            vg = new VgView(p.size(), p.free(), p.extent(), real == null);
        } else if (real != null && !predictedVg.isAbsent()) {
            vg = new VgView(real.size(), real.free(), real.extent(), false);
        }
        Long current = null;
        for (LvmReport.Lv lv : LvmReport.lvs(lvs)) {
            if (lv.vg().equals(args.vg()) && lv.name().equals(args.lv())) current = lv.size();
        }
        Predicted<Long> predictedLv = state.predicted(Prediction.logicalVolume(path));
        boolean lvPredicted = predictedLv.known();
        if (lvPredicted) current = predictedLv.value().orElse(null);
        if (predictedVg.isAbsent()) current = null;

        if (args.state() == State.ABSENT) {
            if (current == null) {
                return new Plan.NoOp("LV " + args.lv() + (lvPredicted || predictedVg.isAbsent() ? " would not exist" : " does not exist")
                        + " in VG " + args.vg(), data);
            }
            if (!args.force()) {
                throw new ModuleFailure("removing LV " + path + " on " + ctx.hostName() + " destroys its data; set force: true to remove it");
            }
            long size = current;
            VgView before = vg;
            ScriptStep step = StorageScripts.step("lvremove -f " + Shell.quote(path), s -> {
                s.predictAbsent(Prediction.logicalVolume(path));
                s.predictAbsent(Prediction.filesystem(path));
                if (before != null) predictVg(s, args.vg(), before, before.free() + size);
            });
            return new Plan.Change("remove LV " + path + " (" + SizeSpec.human(current) + ")",
                    List.of(Diff.property(path, "size", SizeSpec.human(current), null)), List.of(step), data);
        }
        if (vg == null) {
            throw new ModuleFailure("VG " + args.vg() + " does not exist on " + ctx.hostName() + "; create it first (lvg)");
        }
        if (current == null) return planCreate(args, ctx, vg, data);
        return planResize(args, ctx, vg, current, lvPredicted, data);
    }

    private Plan planCreate(Args args, TaskContext ctx, VgView vg, Map<String, Object> data) throws ModuleFailure {
        String path = args.path();
        if (args.size() == null) {
            throw new ModuleFailure("LV " + path + " does not exist on " + ctx.hostName() + "; give 'size' to create it");
        }
        long target = args.size().resolve(vg.size(), vg.free(), vg.extent());
        if (target <= 0) {
            throw new ModuleFailure("LV " + path + " of size " + args.size() + " would be empty: VG " + args.vg()
                    + " has " + SizeSpec.human(vg.free()) + " free on " + ctx.hostName());
        }
        if (target > vg.free()) {
            throw new ModuleFailure("LV " + path + " needs " + SizeSpec.human(target) + " but VG " + args.vg() + " has only "
                    + SizeSpec.human(vg.free()) + " free on " + ctx.hostName());
        }
        String vgName = args.vg();
        long free = vg.free() - target;
        ScriptStep step = StorageScripts.step("lvcreate --yes -n " + Shell.quote(args.lv()) + " " + args.size().lvmOption() + " "
                + Shell.quote(vgName), s -> {
                    s.predict(Prediction.logicalVolume(path), target);
                    predictVg(s, vgName, vg, free);
                });
        String summary = (vg.predicted() ? "would create" : "create") + " LV " + args.lv() + " in VG " + vgName
                + " (" + SizeSpec.human(target) + (args.size().isPercent() ? ", " + args.size() : "") + ")"
                + (vg.predicted() ? " once VG " + vgName + " exists" : "");
        return new Plan.Change(summary, List.of(Diff.property(path, "size", null, SizeSpec.human(target))), List.of(step), data);
    }

    private Plan planResize(Args args, TaskContext ctx, VgView vg, long current, boolean predicted, Map<String, Object> data)
            throws ModuleFailure {
        String path = args.path();
        String is = "LV " + path + (predicted ? " would be " : " is ") + SizeSpec.human(current);
        SizeSpec size = args.size();
        if (size == null) return new Plan.NoOp(is, data);
        long target;
        String option;
        if (size.isPercent() && size.of().equals("FREE")) {
            // %FREE means "what is left": only 100%FREE is stable on a second run, so it alone grows an existing LV.
            if (size.percent() != 100) return new Plan.NoOp(is + " (" + size + " applies only when creating it)", data);
            target = current + vg.free() - vg.free() % vg.extent();
            option = "-l +100%FREE";
        } else {
            target = size.resolve(vg.size(), vg.free(), vg.extent());
            option = size.lvmOption();
        }
        String vgName = args.vg();
        if (target > current) {
            if (target - current > vg.free()) {
                throw new ModuleFailure("growing LV " + path + " to " + SizeSpec.human(target) + " needs "
                        + SizeSpec.human(target - current) + " more but VG " + vgName + " has only " + SizeSpec.human(vg.free())
                        + " free on " + ctx.hostName());
            }
            long free = vg.free() - (target - current);
            ScriptStep step = StorageScripts.step("lvextend " + (args.resizefs() ? "--resizefs " : "") + option + " " + Shell.quote(path),
                    s -> {
                        s.predict(Prediction.logicalVolume(path), target);
                        predictVg(s, vgName, vg, free);
                    });
            return new Plan.Change("grow LV " + path + " from " + SizeSpec.human(current) + " to " + SizeSpec.human(target)
                    + (args.resizefs() ? " with its filesystem" : ""),
                    List.of(Diff.property(path, "size", SizeSpec.human(current), SizeSpec.human(target))), List.of(step), data);
        }
        if (target < current && current - target >= vg.extent()) {
            if (!args.shrink()) {
                return new Plan.NoOp(is + ", more than the requested " + SizeSpec.human(target)
                        + "; not shrunk (set shrink: true to shrink it)", data);
            }
            if (!args.resizefs() && !args.force()) {
                throw new ModuleFailure("shrinking LV " + path + " on " + ctx.hostName() + " from " + SizeSpec.human(current) + " to "
                        + SizeSpec.human(target) + " would cut off the end of its filesystem; set resizefs: true to shrink the "
                        + "filesystem with it, or force: true if it holds no data");
            }
            long free = vg.free() + (current - target);
            String how = args.resizefs() ? "--resizefs --yes " : "--force ";
            ScriptStep step = StorageScripts.step("lvreduce " + how + size.lvmOption() + " " + Shell.quote(path), s -> {
                s.predict(Prediction.logicalVolume(path), target);
                predictVg(s, vgName, vg, free);
            });
            return new Plan.Change("shrink LV " + path + " from " + SizeSpec.human(current) + " to " + SizeSpec.human(target),
                    List.of(Diff.property(path, "size", SizeSpec.human(current), SizeSpec.human(target))), List.of(step), data);
        }
        return new Plan.NoOp(is + " in VG " + vgName, data);
    }

    /** The VG as it would be with {@code free} bytes left. */
    private static void predictVg(HostState s, String name, VgView vg, long free) {
        s.predict(Prediction.volumeGroup(name), new Prediction.VolumeGroup(vg.size(), free, vg.extent()));
    }
}
