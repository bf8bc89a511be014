package dev.bollard.modules.storage;

import dev.bollard.spi.Shell;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What is on a device, from {@code blkid -p} (low-level probing: it reads the device itself, so it
 * works without udev, where {@code lsblk -o FSTYPE} shows nothing).
 */
record BlockDevice(String path, boolean exists, String canonical, long size, Map<String, String> tags, int blkidRc) {

    /** The command that reads one device; its output is parsed by {@link #parse}. */
    static String command(String path) {
        return "d=" + Shell.quote(path) + "; if [ -e \"$d\" ]; then echo \"@canon=$(readlink -f \"$d\")\"; "
                + "echo \"@size=$(blockdev --getsize64 \"$d\" 2>/dev/null || stat -Lc %s \"$d\")\"; "
                + "blkid -p -o export \"$d\"; echo \"@blkid_rc=$?\"; else echo @missing; fi";
    }

    static BlockDevice parse(String path, StorageScripts.Output s) {
        Map<String, String> tags = new HashMap<>();
        boolean missing = false;
        for (String line : s.lines()) {
            if (line.equals("@missing")) missing = true;
            int eq = line.indexOf('=');
            if (eq > 0) tags.put(line.substring(0, eq), line.substring(eq + 1).replace("\\ ", " "));
        }
        if (missing || !tags.containsKey("@canon")) return new BlockDevice(path, false, path, 0, Map.of(), 0);
        String canon = tags.remove("@canon");
        long size = parseLong(tags.remove("@size"));
        int rc = (int) parseLong(tags.remove("@blkid_rc"));
        return new BlockDevice(path, true, canon.isEmpty() ? path : canon, size, Map.copyOf(tags), rc);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The filesystem type blkid found ({@code ext4}, {@code LVM2_member}, {@code swap}), if any. */
    Optional<String> type() {
        return Optional.ofNullable(tags.get("TYPE"));
    }

    boolean isPhysicalVolume() {
        return "LVM2_member".equals(tags.get("TYPE"));
    }

    /** What is on the device, for a refusal message ("a dos partition table"), or empty when it is blank. */
    Optional<String> signature() {
        if (blkidRc == 8) return Optional.of("more than one signature (see wipefs -n " + path + ")");
        if (tags.containsKey("PTTYPE")) return Optional.of("a " + tags.get("PTTYPE") + " partition table");
        String type = tags.get("TYPE");
        if (type == null) return Optional.empty();
        if (type.equals("LVM2_member")) return Optional.of("an LVM physical volume");
        if ("filesystem".equals(tags.get("USAGE"))) return Optional.of("a " + type + " filesystem");
        return Optional.of("a " + type + " signature");
    }

    /** True when {@code name} (as pvs or findmnt prints it) is this device. */
    boolean is(String name) {
        return name.equals(path) || name.equals(canonical);
    }
}
