package dev.bollard.modules.facts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * distribution, distribution_version, distribution_major_version, distribution_release and
 * os_family, the way Ansible names them: a first guess from {@code /etc/os-release}, then the
 * distribution's own release file. Debian and its family, the Red Hat family, Alpine, Arch and
 * SUSE are told apart as Ansible does; anything else keeps the os-release guess.
 */
final class DistributionFacts implements FactCollector {
    private static final Pattern DEBIAN_RELEASE = Pattern.compile("PRETTY_NAME=[^(]+ \\(?([^)]+?)\\)");
    private static final Pattern MINOR = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Map<String, String> FAMILY = new HashMap<>();

    static {
        family("RedHat", "RedHat", "RHEL", "Fedora", "CentOS", "Scientific", "SLC", "Ascendos", "CloudLinux", "PSBM",
                "OracleLinux", "OVS", "OEL", "Amazon", "Virtuozzo", "XenServer", "Alibaba", "EulerOS", "openEuler",
                "AlmaLinux", "Rocky", "TencentOS", "EuroLinux", "Kylin Linux Advanced Server");
        family("Debian", "Debian", "Ubuntu", "Raspbian", "Neon", "KDE neon", "Linux Mint", "SteamOS", "Devuan", "Kali",
                "Cumulus Linux", "Pop!_OS", "Parrot", "Pardus GNU/Linux", "Uos", "Deepin", "OSMC");
        family("Suse", "SuSE", "SLES", "SLED", "openSUSE", "openSUSE Tumbleweed", "SLES_SAP", "SUSE_LINUX", "openSUSE Leap");
        family("Archlinux", "Archlinux", "Antergos", "Manjaro");
        family("Gentoo", "Gentoo", "Funtoo");
        family("Alpine", "Alpine");
        family("Slackware", "Slackware");
        family("Altlinux", "Altlinux");
        family("ClearLinux", "Clear Linux OS", "Clear Linux Mix");
    }

    private static void family(String family, String... names) {
        for (String n : names) FAMILY.put(n, family);
    }

    @Override
    public List<String> names() {
        return List.of("distribution", "distribution_version", "distribution_major_version",
                "distribution_minor_version", "distribution_release", "os_family", "distribution_file_path",
                "distribution_file_variety", "distribution_file_parsed");
    }

    @Override
    public void ask(FactScript script) {
        script.file("os_release", "/etc/os-release");
        script.file("usr_os_release", "/usr/lib/os-release");
        script.file("debian_version", "/etc/debian_version");
        script.file("oracle_release", "/etc/oracle-release");
        script.file("centos_release", "/etc/centos-release");
        script.file("redhat_release", "/etc/redhat-release");
        script.file("alpine_release", "/etc/alpine-release");
        script.exists("/etc/arch-release");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        Object system = facts.get("system");
        if (system != null && !"Linux".equals(system)) {
            facts.put("distribution", system);
            facts.put("distribution_release", facts.getOrDefault("kernel", "NA"));
            facts.put("distribution_version", facts.getOrDefault("kernel_version", "NA"));
            facts.put("os_family", system);
            return;
        }
        String text = answers.text("os_release").isEmpty() ? answers.text("usr_os_release") : answers.text("os_release");
        OsRelease os = OsRelease.parse(text);
        String id = os.id();
        List<String> releaseFiles = List.of(answers.stripped("redhat_release"), answers.stripped("centos_release"));
        String version = version(id, os, releaseFiles);
        facts.put("distribution", guessName(id));
        facts.put("distribution_version", version.isEmpty() ? "NA" : version);
        String codename = codename(os);
        facts.put("distribution_release", codename.isEmpty() ? "NA" : codename);
        String major = version.split("\\.", -1)[0];
        facts.put("distribution_major_version", major.isEmpty() ? "NA" : major);
        releaseFile(answers, text, facts);
        String name = String.valueOf(facts.get("distribution"));
        facts.put("os_family", FAMILY.getOrDefault(name, name));
    }

    /** Python's str.capitalize of the os-release id, with Ansible's two renames. */
    static String guessName(String id) {
        if (id.isEmpty()) return "OtherLinux";
        if (id.equals("amzn")) return "Amazon";
        if (id.equals("rhel")) return "Redhat";
        return Character.toUpperCase(id.charAt(0)) + id.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Debian and CentOS take the most precise version any source gives; the others the first one. */
    static String version(String id, OsRelease os, List<String> releaseFiles) {
        List<String> candidates = new java.util.ArrayList<>(List.of(os.get("VERSION_ID")));
        for (String f : releaseFiles) if (!f.isEmpty()) candidates.add(OsRelease.versionIn(f.lines().findFirst().orElse("")));
        candidates.add(OsRelease.versionIn(os.get("PRETTY_NAME")));
        String best = "";
        boolean precise = id.equals("debian") || id.equals("centos");
        for (String v : candidates) {
            if (precise ? best.isEmpty() || dots(v) > dots(best) : best.isEmpty()) best = v;
        }
        if (id.equals("centos")) {
            String[] parts = best.split("\\.");
            best = parts.length > 2 ? parts[0] + "." + parts[1] : best;
        }
        return best;
    }

    private static int dots(String v) {
        return (int) v.chars().filter(c -> c == '.').count();
    }

    /** VERSION_CODENAME, else UBUNTU_CODENAME, else the name in VERSION's parentheses. */
    static String codename(OsRelease os) {
        if (!os.get("VERSION_CODENAME").isEmpty()) return os.get("VERSION_CODENAME");
        if (!os.get("UBUNTU_CODENAME").isEmpty()) return os.get("UBUNTU_CODENAME");
        return os.codenameInVersion();
    }

    /** The release files Ansible reads after its guess, first match wins. */
    private static void releaseFile(Sections answers, String osText, Map<String, Object> facts) {
        String oracle = answers.stripped("oracle_release");
        String centos = answers.stripped("centos_release");
        String redhat = answers.stripped("redhat_release");
        String alpine = answers.stripped("alpine_release");
        if (!oracle.isEmpty()) {
            found(facts, "/etc/oracle-release", "OracleLinux", oracle.contains("Oracle Linux") ? "OracleLinux" : firstWord(oracle));
        } else if (centos.contains("CentOS Stream")) {
            found(facts, "/etc/centos-release", "CentOS", "CentOS");
            facts.put("distribution_release", "Stream");
        } else if (!redhat.isEmpty()) {
            found(facts, "/etc/redhat-release", "RedHat", redhat.contains("Red Hat") ? "RedHat" : firstWord(redhat));
        } else if (osText.contains("Amazon")) {
            found(facts, "/etc/os-release", "Amazon", "Amazon");
        } else if (!alpine.isEmpty()) {
            found(facts, "/etc/alpine-release", "Alpine", "Alpine");
            facts.put("distribution_version", alpine);
        } else if (answers.exists("/etc/arch-release") || osText.contains("Arch Linux")) {
            found(facts, answers.exists("/etc/arch-release") ? "/etc/arch-release" : "/etc/os-release", "Archlinux", "Archlinux");
        } else if (osText.toLowerCase(java.util.Locale.ROOT).contains("suse")) {
            OsRelease os = OsRelease.parse(osText);
            found(facts, "/etc/os-release", "SUSE", os.get("NAME").isEmpty() ? "SUSE" : os.get("NAME"));
        } else {
            debianFamily(answers, osText, facts);
        }
    }

    private static void debianFamily(Sections answers, String osText, Map<String, Object> facts) {
        String name;
        if (osText.contains("Debian") || osText.contains("Raspbian")) {
            name = "Debian";
            Matcher m = DEBIAN_RELEASE.matcher(osText);
            if (m.find()) facts.put("distribution_release", m.group(1));
            for (String line : answers.lines("debian_version")) {
                Matcher minor = MINOR.matcher(line.strip());
                if (minor.find()) facts.put("distribution_minor_version", minor.group(2));
            }
        } else if (osText.contains("Ubuntu")) {
            name = "Ubuntu";
        } else if (osText.contains("Kali")) {
            name = "Kali";
        } else if (osText.contains("Parrot")) {
            name = "Parrot";
        } else if (osText.contains("Devuan")) {
            name = "Devuan";
        } else if (osText.contains("Mint")) {
            name = "Linux Mint";
        } else {
            return;
        }
        found(facts, "/etc/os-release", "Debian", name);
    }

    private static void found(Map<String, Object> facts, String path, String variety, String name) {
        facts.put("distribution", name);
        facts.put("distribution_file_path", path);
        facts.put("distribution_file_variety", variety);
        facts.put("distribution_file_parsed", true);
    }

    private static String firstWord(String s) {
        return s.split("\\s+")[0];
    }
}
