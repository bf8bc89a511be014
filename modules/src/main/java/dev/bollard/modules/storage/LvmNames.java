package dev.bollard.modules.storage;

import java.util.regex.Pattern;

/** Names of VGs and LVs, and the paths that lead to an LV. */
final class LvmNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]*");

    private LvmNames() {
    }

    static boolean valid(String name) {
        return NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    static String lvPath(String vg, String lv) {
        return "/dev/" + vg + "/" + lv;
    }

    /**
     * {@code /dev/VG/LV} for an LV given as {@code /dev/mapper/VG-LV} (where a dash inside a name is
     * doubled), so that predictions recorded under one spelling are found under the other.
     */
    static String canonical(String dev) {
        if (!dev.startsWith("/dev/mapper/")) return dev;
        String rest = dev.substring("/dev/mapper/".length());
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) != '-') continue;
            if (i + 1 < rest.length() && rest.charAt(i + 1) == '-') {
                i++;
                continue;
            }
            String vg = rest.substring(0, i).replace("--", "-");
            String lv = rest.substring(i + 1).replace("--", "-");
            if (!vg.isEmpty() && !lv.isEmpty()) return lvPath(vg, lv);
        }
        return dev;
    }
}
