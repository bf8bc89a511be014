package dev.bollard.modules.storage;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.Verdict;
import dev.bollard.spi.WriteFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mount, like ansible.posix.mount: its fstab line (written atomically, other lines kept as they
 * are) and, for {@code mounted}, the live mount. A mount point already mounted from another source
 * is a failure, never a second mount stacked on top.
 */
public final class MountModule implements dev.bollard.spi.Module<MountModule.Args> {
    /** Options that only fstab or mount(8) read; the kernel never lists them for a live mount. */
    private static final Set<String> NOT_LIVE = Set.of("defaults", "auto", "noauto", "nofail", "user", "users", "nouser",
            "owner", "group", "_netdev", "async", "dev", "suid", "exec");

    public enum State { MOUNTED, PRESENT, UNMOUNTED, ABSENT, REMOUNTED }

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.path("path", "the mount point, an absolute path").mandatory().aliases("name"),
            Param.str("src", "what is mounted: a device, LABEL=... or UUID=..., or a remote path"),
            Param.str("fstype", "the filesystem type, such as ext4 or nfs"),
            Param.str("opts", "mount options, separated by commas").byDefault("defaults"),
            Param.integer("dump", "fstab's fifth field, for dump(8)").byDefault(0L),
            Param.integer("passno", "fstab's sixth field: the order in which fsck checks it at boot (0: never)").byDefault(0L),
            Param.choice("state", "mounted: in fstab and mounted (the mount point is created); present: in fstab only; "
                    + "unmounted: not mounted, fstab unchanged; absent: neither; remounted: mounted again with opts",
                    "mounted", "present", "unmounted", "absent", "remounted").noDefault().mandatory(),
            Param.bool("backup", false, "keep a copy of the fstab, with a timestamp in its name, before changing it"),
            Param.path("fstab", "the fstab file to edit").byDefault("/etc/fstab"))
            .requiredIf("state", "mounted", "src", "fstype")
            .requiredIf("state", "present", "src", "fstype");

    private static final ModuleDoc DOC = new ModuleDoc(
            "A mount, like ansible.posix.mount: its fstab line (written atomically, the other lines kept as they are) and, "
                    + "for mounted, the live mount. A mount point already mounted from another source is a failure, never a "
                    + "second mount stacked on top. dump and passno are whole numbers (Ansible takes them as text).",
            "a new plan finds nothing to do: fstab holds the line (mounted, present) or none for the path (absent), and "
                    + "for mounted the path is a mount point (mountpoint -q); remounted has no postcondition",
            "what is mounted on the path (mount), so that a later task sees the mount an earlier one makes; an unmounted path "
                    + "is predicted absent",
            StorageExamples.FILESYSTEM + """
            - name: The volume mounted on /srv/scratch, and in fstab
              mount:
                path: /srv/scratch
                src: /dev/data/scratch
                fstype: ext4
                opts: noatime
                state: mounted
            """);

    /** {@code fstab} is for tests and unusual hosts; playbooks leave it at /etc/fstab. */
    public record Args(String path, String src, String fstype, String opts, int dump, int passno, State state,
                       boolean backup, String fstab) {
        Fstab.Entry entry() {
            return new Fstab.Entry(src, path, fstype, opts, dump, passno);
        }
    }

    @Override
    public String name() {
        return "mount";
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
        String path = a.string("path");
        if ((!path.startsWith("/") || path.contains("\n")) && !Templates.unresolved(path)) throw a.invalid("path", "'path' must be an absolute path, not '" + path + "'");
        path = normalize(path);
        State state = a.choice("state", State.class, State.MOUNTED);
        boolean needsLine = state == State.MOUNTED || state == State.PRESENT;
        String src = needsLine ? a.string("src") : a.string("src", "");
        String fstype = needsLine ? a.string("fstype") : a.string("fstype", "");
        String opts = a.string("opts", "defaults");
        for (String[] kv : new String[][] {{"src", src}, {"fstype", fstype}, {"opts", opts}}) {
            if (!Templates.unresolved(kv[1]) && (kv[1].contains("\n") || (!kv[0].equals("src") && kv[1].matches(".*\\s.*")))) {
                throw a.invalid(kv[0], "'" + kv[0] + "' must be one fstab field without blanks, not '" + kv[1] + "'");
            }
        }
        if (opts.isBlank()) throw a.invalid("opts", "'opts' must not be empty (use defaults)");
        int dump = a.integer("dump", 0);
        int passno = a.integer("passno", 0);
        boolean backup = a.bool("backup", false);
        String fstab = a.string("fstab", "/etc/fstab");
        return new Args(path, src, fstype, opts, dump, passno, state, backup, fstab);
    }

    static String normalize(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** What is mounted on the path now: the source as findmnt prints it and as a resolved device. */
    private record Live(String source, String fstype, String options, String resolved) {
    }

    /** What findmnt shows mounted on the path, with each source resolved to a device. */
    private static String liveRead(Args args) {
        return "findmnt -n -r -o SOURCE,FSTYPE,OPTIONS --mountpoint " + Shell.quote(args.path())
                + " | while read -r a b c; do echo \"$a $b $c $(readlink -f \"$a\" 2>/dev/null)\"; done";
    }

    /** The device {@code src} names (LABEL=, UUID=, a path), resolved; fails when there is none. */
    private static String srcRead(Args args) {
        String s = Shell.quote(args.src().isEmpty() ? "-" : args.src());
        return "case " + s + " in *=*) r=$(findfs " + s + ") && readlink -f \"$r\" ;; /*) readlink -e " + s
                + " ;; *) echo " + s + " ;; esac";
    }

    private static String dirRead(Args args) {
        String p = Shell.quote(args.path());
        return "if [ -d " + p + " ]; then echo dir; elif [ -e " + p + " ]; then echo other; else echo missing; fi";
    }

    @Override
    public List<Probe> probes(Args args) {
        List<Probe> probes = new ArrayList<>(List.of(StorageScripts.probe(liveRead(args)), Probe.read(args.fstab())));
        if (args.state() == State.MOUNTED) {
            probes.add(StorageScripts.probe(srcRead(args)));
            probes.add(StorageScripts.probe(dirRead(args)));
        }
        return probes;
    }

    @Override
    public Plan plan(Args args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        StorageScripts.fetch(ctx, probes(args));
        String p = Shell.quote(args.path());
        Live live = null;
        for (String line : StorageScripts.query(ctx, liveRead(args)).lines()) {
            String[] f = line.split(" ", -1);
            if (f.length >= 3) live = new Live(f[0], f[1], f[2], f.length > 3 ? f[3] : "");
        }
        // an earlier check-mode task mounts or unmounts it: that is newer than what findmnt shows
        Predicted<String> predictedMount = ctx.state().predicted(Prediction.mount(args.path()));
        if (predictedMount.known()) live = null;
        Optional<RemoteFile> fstabFile = ctx.read(args.fstab());
        String before = fstabFile.map(RemoteFile::text).orElse("");
        Fstab fstab = Fstab.parse(before);
        String after = switch (args.state()) {
            case MOUNTED, PRESENT -> fstab.find(args.path()).filter(e -> e.sameAs(args.entry())).isPresent()
                    ? before : fstab.with(args.entry());
            case ABSENT -> fstab.without(args.path());
            default -> before;
        };
        List<Step> steps = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", args.path());
        String mountedFrom = live != null ? live.source() : predictedMount.value().orElse(null);
        data.put("mounted", mountedFrom != null);
        if (mountedFrom != null) data.put("source", mountedFrom);

        switch (args.state()) {
            case MOUNTED -> planMounted(args, ctx, live, predictedMount, steps, diffs, what);
            case UNMOUNTED, ABSENT -> {
                if (mountedFrom != null) {
                    String cmd = "umount " + p;
                    steps.add(StorageScripts.step(cmd, st -> st.predictAbsent(Prediction.mount(args.path()))));
                    diffs.add(Diff.property(args.path(), "mounted from", mountedFrom, null));
                    what.add("unmount " + args.path());
                }
            }
            case REMOUNTED -> {
                if (mountedFrom == null) throw new ModuleFailure(args.path() + " is not mounted on " + ctx.hostName() + "; use state: mounted");
                steps.add(StorageScripts.step("mount -o " + Shell.quote(remountOptions(args.opts())) + " " + p));
                what.add("remount " + args.path());
            }
            default -> { }
        }
        if (!after.equals(before)) {
            // the fstab line goes last: a mount that fails leaves fstab (and the next boot) as they were
            steps.add(new WriteFile(args.fstab(), after.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null, null,
                    null, args.backup()));
            diffs.add(0, new Diff(args.fstab(), before, after));
            what.add(0, (args.state() == State.ABSENT ? "remove the line for " : "set the line for ") + args.path() + " in " + args.fstab());
        }
        if (steps.isEmpty()) return new Plan.NoOp(noOpReason(args, mountedFrom, live != null), data);
        return new Plan.Change(String.join(", ", what), diffs, steps, data);
    }

    private void planMounted(Args args, TaskContext ctx, Live live, Predicted<String> predicted,
                             List<Step> steps, List<Diff> diffs, List<String> what) throws ModuleFailure, ConnectionException {
        String p = Shell.quote(args.path());
        StorageScripts.Output found = StorageScripts.query(ctx, srcRead(args));
        String resolved = found.rc() == 0 && !found.lines().isEmpty() ? found.lines().get(0) : null;
        if (live != null) {
            boolean same = live.source().equals(args.src()) || (resolved != null
                    && (resolved.equals(live.resolved()) || resolved.equals(live.source())));
            if (!same) {
                throw new ModuleFailure(args.path() + " on " + ctx.hostName() + " is already mounted from " + live.source() + ", not "
                        + args.src() + "; unmount it first (a second mount would hide the first)");
            }
            Set<String> liveOpts = Fstab.options(live.options());
            List<String> missing = new ArrayList<>();
            for (String o : Fstab.options(args.opts())) {
                if (!NOT_LIVE.contains(o) && !o.startsWith("x-") && !o.startsWith("comment=") && !liveOpts.contains(o)) missing.add(o);
            }
            if (!missing.isEmpty()) {
                steps.add(StorageScripts.step("mount -o " + Shell.quote(remountOptions(args.opts())) + " " + p));
                diffs.add(Diff.property(args.path(), "options", live.options(), live.options() + "," + String.join(",", missing)));
                what.add("remount " + args.path() + " with " + String.join(",", missing));
            }
            return;
        }
        if (predicted.isPresent()) {
            String from = predicted.value().orElseThrow();
            if (!LvmNames.canonical(from).equals(LvmNames.canonical(args.src()))) {
                throw new ModuleFailure(args.path() + " on " + ctx.hostName() + " would already be mounted from " + from + " (by an earlier "
                        + "task), not " + args.src() + "; unmount it first (a second mount would hide the first)");
            }
            return;
        }
        String canonicalSrc = LvmNames.canonical(args.src());
        if (ctx.state().predicted(Prediction.logicalVolume(canonicalSrc)).isAbsent()) {
            throw new ModuleFailure("cannot mount " + args.src() + " on " + args.path() + ": an earlier task removes " + args.src()
                    + " on " + ctx.hostName());
        }
        if (resolved == null) {
            boolean willExist = ctx.state().predicted(Prediction.logicalVolume(canonicalSrc)).isPresent()
                    || ctx.state().predicted(Prediction.filesystem(canonicalSrc)).isPresent();
            if (!willExist) {
                throw new ModuleFailure("cannot mount " + args.src() + " on " + args.path() + ": " + args.src() + " does not exist on "
                        + ctx.hostName());
            }
        }
        StorageScripts.Output dirs = StorageScripts.query(ctx, dirRead(args));
        String dir = dirs.lines().isEmpty() ? "missing" : dirs.lines().get(0);
        if (dir.equals("other")) throw new ModuleFailure(args.path() + " on " + ctx.hostName() + " exists and is not a directory");
        if (dir.equals("missing")) steps.add(StorageScripts.step("mkdir -p " + p));
        String src = args.src();
        steps.add(StorageScripts.step("mount -t " + Shell.quote(args.fstype()) + " -o " + Shell.quote(args.opts()) + " "
                + Shell.quote(src) + " " + p, st -> st.predict(Prediction.mount(args.path()), src)));
        diffs.add(Diff.property(args.path(), "mounted from", null, src));
        what.add("mount " + src + " on " + args.path());
    }

    private static String remountOptions(String opts) {
        List<String> out = new ArrayList<>(List.of("remount"));
        for (String o : Fstab.options(opts)) {
            if (!NOT_LIVE.contains(o) && !o.startsWith("x-") && !o.startsWith("comment=")) out.add(o);
        }
        return String.join(",", out);
    }

    private static String noOpReason(Args args, String mountedFrom, boolean live) {
        String where = mountedFrom == null ? null : args.path() + (live ? " mounted from " : " would be mounted from ") + mountedFrom;
        return switch (args.state()) {
            case MOUNTED -> where + " (" + args.opts() + ")";
            case PRESENT -> args.fstab() + " mounts " + args.src() + " on " + args.path() + " (" + args.fstype() + ", " + args.opts() + ")";
            case UNMOUNTED -> args.path() + " is not mounted";
            case ABSENT -> args.path() + " is neither in " + args.fstab() + " nor mounted";
            case REMOUNTED -> where;
        };
    }

    @Override
    public Verdict verify(Args args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (args.state() == State.MOUNTED) {
            if (!ctx.run("mountpoint -q " + Shell.quote(args.path())).ok()) {
                return Verdict.fails(args.path() + " is not a mount point on " + ctx.hostName());
            }
        }
        return dev.bollard.spi.Module.super.verify(args, ctx);
    }

    @Override
    public boolean hasPostcondition(Args args) {
        return args.state() != State.REMOUNTED;
    }
}
