package dev.bollard.modules.storage;

import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed {@code pvs}, {@code vgs} and {@code lvs} reports (separator {@code |}, sizes in bytes). */
final class LvmReport {
    /** The Debian package that brings pvs, vgs, lvs and the rest. */
    static final String PACKAGE = "lvm2";
    static final String PVS = "pvs --noheadings --separator '|' -o pv_name,vg_name";
    static final String VGS = "vgs --noheadings --units b --nosuffix --separator '|' "
            + "-o vg_name,vg_size,vg_free,vg_extent_size,lv_count";
    static final String LVS = "lvs --noheadings --units b --nosuffix --separator '|' -o lv_name,vg_name,lv_size,lv_path";

    record Pv(String name, String vg) {
    }

    record Vg(String name, long size, long free, long extent, int lvCount) {
    }

    record Lv(String name, String vg, long size, String path) {
    }

    private LvmReport() {
    }

    /**
     * Runs a report (or takes it from a batch already fetched); fails when LVM is missing or the report failed.
     * In check mode, when an earlier task is to install lvm2, the tools are missing only because nothing ran
     * yet: the report is empty, as it will be right after the install (no PV, VG or LV exists without them).
     */
    static StorageScripts.Output read(TaskContext ctx, String command) throws ConnectionException, ModuleFailure {
        StorageScripts.Output out = StorageScripts.query(ctx, command);
        if (out.rc() == 127 && ctx.state().predicted(Prediction.debianPackage(PACKAGE)).isPresent()) {
            return new StorageScripts.Output(0, "");
        }
        check(ctx.hostName(), command, out);
        return out;
    }

    /** Fails with a clear message when LVM is missing or the report command failed. */
    static void check(String host, String command, StorageScripts.Output s) throws ModuleFailure {
        if (s.rc() == 127) {
            throw new ModuleFailure("LVM tools are not installed on " + host + " (" + command.split(" ")[0]
                    + " not found); install the " + PACKAGE + " package first, e.g. with an apt task before this one");
        }
        if (s.rc() != 0) throw new ModuleFailure(command.split(" ")[0] + " failed on " + host + ": " + s.error());
    }

    static List<Pv> pvs(StorageScripts.Output s) {
        List<Pv> out = new ArrayList<>();
        for (String[] f : rows(s, 2)) out.add(new Pv(f[0], f[1]));
        return out;
    }

    static Map<String, Vg> vgs(StorageScripts.Output s) {
        Map<String, Vg> out = new LinkedHashMap<>();
        for (String[] f : rows(s, 5)) {
            out.put(f[0], new Vg(f[0], num(f[1]), num(f[2]), num(f[3]), (int) num(f[4])));
        }
        return out;
    }

    static List<Lv> lvs(StorageScripts.Output s) {
        List<Lv> out = new ArrayList<>();
        for (String[] f : rows(s, 4)) out.add(new Lv(f[0], f[1], num(f[2]), f[3]));
        return out;
    }

    /** Rows with the expected number of fields; warning lines and the like are skipped. */
    private static List<String[]> rows(StorageScripts.Output s, int fields) {
        List<String[]> rows = new ArrayList<>();
        for (String line : s.lines()) {
            String[] f = line.split("\\|", -1);
            if (f.length != fields || line.startsWith("WARNING")) continue;
            for (int i = 0; i < f.length; i++) f[i] = f[i].strip();
            rows.add(f);
        }
        return rows;
    }

    private static long num(String s) {
        try {
            return new java.math.BigDecimal(s).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
