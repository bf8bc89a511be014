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
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A volume group on the given devices, like community.general.lvg: creates it ({@code pvcreate} +
 * {@code vgcreate}) or extends it ({@code vgextend}); never reduces it. Refuses, unless
 * {@code force: true}, a device that holds a partition table, a filesystem or another VG's PV.
 */
public final class LvgModule implements Module<LvgModule.Args> {
    static final long DEFAULT_EXTENT = 4L << 20;
    /** Space LVM keeps at the start of each PV for its label and metadata (the default). */
    static final long PV_METADATA = 1L << 20;

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("vg", "the volume group's name").mandatory(),
            Param.list("pvs", "the devices it is made of (a list, or one comma-separated string); needed to create it, and a "
                    + "device not yet in it is added"),
            Param.choice("state", "present: the VG exists on at least these devices; absent: it is removed", "present", "absent"),
            Param.bool("force", false, "take a device that holds a partition table, a filesystem or another VG's PV (destroys "
                    + "its data); remove a VG that still holds logical volumes"),
            Param.str("pesize", "the extent size when creating the VG, such as 4M or 32M (no unit means MiB)"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A volume group on the given devices, like community.general.lvg: created (pvcreate, vgcreate) or extended "
                    + "(vgextend), never reduced. A device holding a partition table, a filesystem or another VG's PV is "
                    + "refused unless force is set. pesize has no default here, unlike Ansible's 4: without it vgcreate is "
                    + "given no -s and LVM takes its own default, which is the same 4 MiB.",
            "a new plan finds nothing to do: the VG exists and every listed device is one of its PVs (present), or the VG "
                    + "does not exist (absent)",
            "the VG's size, free space and extent size as it would have them (VolumeGroup), so that a later lvol plans "
                    + "against a VG that does not exist yet; a removed VG is predicted absent",
            StorageExamples.VG);

    public enum State { PRESENT, ABSENT }

    public record Args(String vg, List<String> pvs, State state, boolean force, SizeSpec pesize) {
    }

    @Override
    public String name() {
        return "lvg";
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
        List<String> pvs = new ArrayList<>();
        for (String item : a.stringList("pvs")) {
            for (String dev : item.split(",")) {
                String d = dev.strip();
                if (d.isEmpty()) continue;
                if (!d.startsWith("/") && !Templates.unresolved(d)) throw a.invalid("pvs", "'pvs' must list device paths such as /dev/vdb, not '" + d + "'");
                if (!pvs.contains(d)) pvs.add(d);
            }
        }
        State state = a.choice("state", State.class, State.PRESENT);
        boolean force = a.bool("force", false);
        SizeSpec pesize = null;
        if (a.has("pesize") && !Templates.unresolved(a.string("pesize"))) {
            try {
                pesize = SizeSpec.parse(a.string("pesize"));
            } catch (IllegalArgumentException e) {
                throw a.invalid("pesize", "'pesize': " + e.getMessage());
            }
            if (pesize.isPercent()) throw a.invalid("pesize", "'pesize' must be a size such as 4M, not a percentage");
        }
        return new Args(vg, List.copyOf(pvs), state, force, pesize);
    }

    @Override
    public List<Probe> probes(Args args) {
        List<Probe> probes = new ArrayList<>(List.of(StorageScripts.probe(LvmReport.PVS), StorageScripts.probe(LvmReport.VGS)));
        for (String dev : args.pvs()) probes.add(StorageScripts.probe(BlockDevice.command(dev)));
        if (args.state() == State.ABSENT) probes.add(StorageScripts.probe(LvmReport.LVS));
        return probes;
    }

    @Override
    public Plan plan(Args args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        StorageScripts.fetch(ctx, probes(args));
        List<LvmReport.Pv> pvs = LvmReport.pvs(LvmReport.read(ctx, LvmReport.PVS));
        LvmReport.Vg vg = LvmReport.vgs(LvmReport.read(ctx, LvmReport.VGS)).get(args.vg());
        Predicted<Prediction.VolumeGroup> predicted = ctx.state().predicted(Prediction.volumeGroup(args.vg()));
        if (predicted.isAbsent()) {
            // an earlier task removes the VG: its PVs stay PVs, in no VG
            vg = null;
            pvs = pvs.stream().map(pv -> pv.vg().equals(args.vg()) ? new LvmReport.Pv(pv.name(), "") : pv).toList();
        } else if (vg != null && predicted.isPresent()) {
            Prediction.VolumeGroup p = predicted.value().orElseThrow();
            vg = new LvmReport.Vg(vg.name(), p.size(), p.free(), p.extent(), vg.lvCount());
        }
        List<String> members = new ArrayList<>();
        for (LvmReport.Pv pv : pvs) {
            if (pv.vg().equals(args.vg())) members.add(pv.name());
        }
        if (args.state() == State.ABSENT) return planAbsent(args, ctx, vg, members, predicted.isAbsent());

        List<Step> steps = new ArrayList<>();
        List<String> added = new ArrayList<>();
        long extent = vg != null ? vg.extent() : args.pesize() != null ? args.pesize().bytes() : DEFAULT_EXTENT;
        long addedBytes = 0;
        for (String dev : args.pvs()) {
            BlockDevice d = BlockDevice.parse(dev, StorageScripts.query(ctx, BlockDevice.command(dev)));
            if (!d.exists()) throw new ModuleFailure(dev + " does not exist on " + ctx.hostName() + " (pvs of VG " + args.vg() + ")");
            String owner = null;
            boolean isPv = false;
            for (LvmReport.Pv pv : pvs) {
                if (d.is(pv.name())) {
                    isPv = true;
                    owner = pv.vg();
                }
            }
            if (args.vg().equals(owner)) continue;
            if (owner != null && !owner.isEmpty()) {
                if (!args.force()) {
                    throw new ModuleFailure(dev + " on " + ctx.hostName() + " is already a physical volume of VG " + owner
                            + "; set force: true to take it for VG " + args.vg() + " (destroys VG " + owner + "'s data on it)");
                }
                steps.add(StorageScripts.step("pvcreate -ff -y " + Shell.quote(dev)));
            } else if (!isPv) {
                String what = d.signature().orElse(null);
                if (what != null && !args.force()) {
                    throw new ModuleFailure(dev + " on " + ctx.hostName() + " holds " + what
                            + "; set force: true to use it for VG " + args.vg() + " (destroys its data)");
                }
                steps.add(StorageScripts.step((what != null ? "pvcreate -ff -y " : "pvcreate ") + Shell.quote(dev)));
            }
            added.add(dev);
            addedBytes += usable(d.size(), extent);
        }

        if (vg != null && added.isEmpty()) {
            return new Plan.NoOp("VG " + args.vg() + " on " + String.join(", ", members), Map.of("vg", args.vg(), "pvs", members));
        }
        if (vg == null && added.isEmpty()) {
            throw new ModuleFailure("VG " + args.vg() + " does not exist on " + ctx.hostName() + " and no pvs were given to create it");
        }
        String devs = String.join(" ", added.stream().map(Shell::quote).toList());
        long size = (vg == null ? 0 : vg.size()) + addedBytes;
        long free = (vg == null ? 0 : vg.free()) + addedBytes;
        String name = args.vg();
        final long ext = extent;
        java.util.function.Consumer<HostState> predict = s -> s.predict(Prediction.volumeGroup(name),
                new Prediction.VolumeGroup(size, free, ext));
        List<String> after = new ArrayList<>(members);
        after.addAll(added);
        Diff diff = Diff.property("VG " + name, "pvs", vg == null ? null : String.join("\n", members), String.join("\n", after));
        String summary;
        if (vg == null) {
            String pe = args.pesize() == null ? "" : "-s " + args.pesize().text() + " ";
            steps.add(StorageScripts.step("vgcreate " + pe + Shell.quote(name) + " " + devs, predict));
            summary = "create VG " + name + " on " + String.join(", ", added) + " (about " + SizeSpec.human(size) + ")";
        } else {
            steps.add(StorageScripts.step("vgextend " + Shell.quote(name) + " " + devs, predict));
            summary = "extend VG " + name + " with " + String.join(", ", added) + " (about " + SizeSpec.human(size) + " in all)";
        }
        return new Plan.Change(summary, List.of(diff), steps, Map.of("vg", name, "pvs", after));
    }

    private Plan planAbsent(Args args, TaskContext ctx, LvmReport.Vg vg, List<String> members, boolean removed)
            throws ModuleFailure, ConnectionException {
        if (vg == null) {
            return new Plan.NoOp("VG " + args.vg() + (removed ? " would not exist" : " does not exist"), Map.of("vg", args.vg()));
        }
        if (vg.lvCount() > 0 && !args.force()) {
            throw new ModuleFailure("VG " + args.vg() + " on " + ctx.hostName() + " still holds " + vg.lvCount()
                    + " logical volume(s); remove them first or set force: true (destroys their data)");
        }
        // with force, its LVs go with it, and what was on them
        List<String> lvs = new ArrayList<>();
        for (LvmReport.Lv lv : LvmReport.lvs(LvmReport.read(ctx, LvmReport.LVS))) {
            if (lv.vg().equals(args.vg())) lvs.add(LvmNames.lvPath(lv.vg(), lv.name()));
        }
        String cmd = "vgremove " + (args.force() ? "-f " : "") + Shell.quote(args.vg());
        Step step = StorageScripts.step(cmd, s -> {
            s.predictAbsent(Prediction.volumeGroup(args.vg()));
            for (String lv : lvs) {
                s.predictAbsent(Prediction.logicalVolume(lv));
                s.predictAbsent(Prediction.filesystem(lv));
            }
        });
        return new Plan.Change("remove VG " + args.vg() + " from " + String.join(", ", members),
                List.of(Diff.property("VG " + args.vg(), "pvs", String.join("\n", members), null)), List.of(step), Map.of("vg", args.vg()));
    }

    /** What a device adds to a VG: whole extents after LVM's label and metadata area. */
    static long usable(long deviceBytes, long extent) {
        long room = deviceBytes - PV_METADATA;
        return room <= 0 ? 0 : room - room % extent;
    }
}
