package dev.bollard.modules.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** pkg_mgr: the last package manager found of Ansible's list, corrected by distribution family. */
final class PkgMgrFacts implements FactCollector {
    /** Ansible's search order (the last one present wins), path to name. */
    private static final Map<String, String> MANAGERS = new LinkedHashMap<>();

    static {
        String[] pairs = {"/usr/bin/rpm-ostree", "atomic_container", "/usr/bin/yum", "yum", "/usr/bin/dnf", "dnf",
            "/usr/bin/apt-get", "apt", "/usr/bin/zypper", "zypper", "/usr/sbin/urpmi", "urpmi", "/usr/bin/pacman", "pacman",
            "/bin/opkg", "opkg", "/usr/pkg/bin/pkgin", "pkgin", "/opt/local/bin/pkgin", "pkgin", "/opt/tools/bin/pkgin", "pkgin",
            "/opt/local/bin/port", "macports", "/usr/local/bin/brew", "homebrew", "/opt/homebrew/bin/brew", "homebrew",
            "/sbin/apk", "apk", "/usr/sbin/pkg", "pkgng", "/usr/sbin/swlist", "swdepot", "/usr/bin/emerge", "portage",
            "/usr/sbin/pkgadd", "svr4pkg", "/usr/bin/pkg", "pkg5", "/usr/bin/xbps-install", "xbps",
            "/usr/local/sbin/pkg", "pkgng", "/usr/bin/swupd", "swupd", "/usr/sbin/sorcery", "sorcery",
            "/usr/bin/installp", "installp"};
        for (int i = 0; i < pairs.length; i += 2) MANAGERS.put(pairs[i], pairs[i + 1]);
    }

    @Override
    public List<String> names() {
        return List.of("pkg_mgr");
    }

    @Override
    public void ask(FactScript script) {
        script.exists(MANAGERS.keySet().toArray(new String[0]));
        script.exists("/run/ostree-booted");
        // apt on an rpm system (ALT Linux) is apt_rpm
        script.add("apt_rpm", "[ -e /usr/bin/rpm ] && /usr/bin/rpm -q --whatprovides /usr/bin/apt-get >/dev/null && echo apt_rpm");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        String found = "unknown";
        String family = String.valueOf(facts.get("os_family"));
        for (Map.Entry<String, String> m : MANAGERS.entrySet()) {
            if (family.equals("Altlinux") && m.getKey().equals("/usr/bin/pkg")) continue;
            if (answers.exists(m.getKey())) found = m.getValue();
        }
        if (family.equals("RedHat")) found = redHat(answers, facts, found);
        else if (family.equals("Debian")) found = "apt";
        else if (family.equals("Altlinux") && found.equals("apt")) found = "apt_rpm";
        if (found.equals("apt") && answers.stripped("apt_rpm").equals("apt_rpm")) found = "apt_rpm";
        facts.put("pkg_mgr", found);
    }

    private static String redHat(Sections a, Map<String, Object> facts, String found) {
        if (a.exists("/run/ostree-booted")) return "atomic_container";
        String distribution = String.valueOf(facts.get("distribution"));
        int major;
        try {
            major = Integer.parseInt(String.valueOf(facts.get("distribution_major_version")));
        } catch (NumberFormatException e) {
            return "dnf";
        }
        if (distribution.equals("Fedora") || distribution.equals("Amazon")) {
            boolean old = major < (distribution.equals("Fedora") ? 23 : 2022);
            if (old && a.exists("/usr/bin/yum")) return "yum";
            if (!old && a.exists("/usr/bin/dnf")) return "dnf";
            return found;
        }
        return major < 8 ? "yum" : "dnf";
    }
}
