package dev.bollard.modules.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mounts: each mounted block device or network share of the mount table, with its sizes (what
 * statvfs says, read with one {@code stat -f} for all of them), its UUID from lsblk and
 * {@code ,bind} added to the options of bind mounts, as Ansible lists them.
 */
final class MountFacts implements FactCollector {
    private static final Pattern OCTAL = Pattern.compile("\\\\([0-7]{3})");

    @Override
    public List<String> names() {
        return List.of("mounts");
    }

    @Override
    public void ask(FactScript script) {
        script.add("mtab", "cat /etc/mtab || cat /proc/mounts");
        // one stat for every mount point Ansible would list (mount table escapes undone by printf %b)
        script.add("statvfs", """
                t=/etc/mtab; [ -e $t ] || t=/proc/mounts
                set --
                while read -r d m f o rest; do
                  case $d in /*|\\\\*|*:/*) ;; *) continue ;; esac
                  [ "$f" = none ] && continue
                  case $m in *\\\\*) m=$(printf '%b' "$m") ;; esac
                  set -- "$@" "$m"
                done < $t
                [ $# -gt 0 ] && stat -f --printf '%S %s %b %a %c %d %n\\n' -- "$@\"""");
        script.add("findmnt", "command -v findmnt >/dev/null && findmnt --list --noheadings --notruncate");
        script.add("lsblk", "command -v lsblk >/dev/null && lsblk --list --noheadings --paths --output NAME,UUID --exclude 2");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        Map<String, String> uuids = uuids(answers.lines("lsblk"));
        List<String> binds = new ArrayList<>();
        for (String line : answers.lines("findmnt")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 2 && f[1].contains("]")) binds.add(f[0]);
        }
        Map<String, long[]> sizes = sizes(answers.lines("statvfs"));
        Map<String, Map<String, Object>> byMount = new LinkedHashMap<>();
        for (String line : answers.lines("mtab")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4) continue;
            for (int i = 0; i < 4; i++) f[i] = unescape(f[i]);
            String device = f[0];
            String fstype = f[2];
            if (!device.startsWith("/") && !device.startsWith("\\") && !device.contains(":/") || fstype.equals("none")) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mount", f[1]);
            m.put("device", device);
            m.put("fstype", fstype);
            m.put("options", binds.contains(f[1]) && !f[3].matches(".*bind.*\"") ? f[3] + ",bind" : f[3]);
            long[] s = sizes.get(f[1]);
            if (s != null) {
                m.put("size_total", s[0] * s[2]);
                m.put("size_available", s[0] * s[3]);
                m.put("block_size", s[1]);
                m.put("block_total", s[2]);
                m.put("block_available", s[3]);
                m.put("block_used", s[2] - s[3]);
                m.put("inode_total", s[4]);
                m.put("inode_available", s[5]);
                m.put("inode_used", s[4] - s[5]);
            }
            m.put("uuid", uuids.getOrDefault(device, "N/A"));
            byMount.put(f[1], m);
        }
        facts.put("mounts", new ArrayList<Object>(byMount.values()));
    }

    /** The mount table's octal escapes ({@code \040} for a space) undone. */
    static String unescape(String field) {
        Matcher m = OCTAL.matcher(field);
        StringBuilder s = new StringBuilder();
        while (m.find()) m.appendReplacement(s, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        m.appendTail(s);
        return s.toString();
    }

    /** {@code frsize bsize blocks bavail files ffree name} lines, by name. */
    static Map<String, long[]> sizes(List<String> lines) {
        Map<String, long[]> out = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ", 7);
            if (f.length < 7) continue;
            try {
                long[] v = new long[6];
                for (int i = 0; i < 6; i++) v[i] = Long.parseLong(f[i]);
                out.put(f[6], v);
            } catch (NumberFormatException e) {
                // a line cut short: that mount simply has no sizes
            }
        }
        return out;
    }

    /** lsblk's {@code device uuid} lines; devices without a UUID are left out, the first entry of a device wins. */
    static Map<String, String> uuids(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String line : lines) {
            String l = line.strip();
            int space = l.lastIndexOf(' ');
            if (l.isEmpty() || space < 0) continue;
            out.putIfAbsent(l.substring(0, space).strip(), l.substring(space + 1));
        }
        return out;
    }
}
