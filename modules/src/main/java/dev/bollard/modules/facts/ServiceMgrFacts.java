package dev.bollard.modules.facts;

import java.util.List;
import java.util.Map;

/**
 * service_mgr: named after PID 1 (systemd, or openrc, runit... by Ansible's names), else worked
 * out from what is installed: systemd's run folder, upstart, openrc, sysvinit, else "service".
 */
final class ServiceMgrFacts implements FactCollector {
    private static final Map<String, String> PID1 = Map.of("procd", "openwrt_init", "runit-init", "runit",
            "svscan", "svc", "openrc-init", "openrc");

    @Override
    public List<String> names() {
        return List.of("service_mgr");
    }

    @Override
    public void ask(FactScript script) {
        script.file("pid1", "/proc/1/comm");
        script.add("init_link", "[ -L /sbin/init ] && readlink /sbin/init");
        script.exists("/run/systemd/system/", "/dev/.run/systemd/", "/dev/.systemd/", "/etc/init/", "/sbin/openrc", "/etc/init.d/");
        script.programs("systemctl", "initctl");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        String pid1 = answers.stripped("pid1");
        if (pid1.isEmpty()) pid1 = answers.stripped("init_link");
        pid1 = pid1.substring(pid1.lastIndexOf('/') + 1).strip();
        if (pid1.equals("init") || pid1.endsWith("sh")) pid1 = "";
        facts.put("service_mgr", pid1.isEmpty() ? fromInstalled(answers, facts) : PID1.getOrDefault(pid1, pid1));
    }

    private static String fromInstalled(Sections a, Map<String, Object> facts) {
        if (!"Linux".equals(facts.get("system"))) return "service";
        boolean systemctl = a.hasProgram("systemctl");
        if (systemctl && (a.exists("/run/systemd/system/") || a.exists("/dev/.run/systemd/") || a.exists("/dev/.systemd/"))) {
            return "systemd";
        }
        if (a.hasProgram("initctl") && a.exists("/etc/init/")) return "upstart";
        if (a.exists("/sbin/openrc")) return "openrc";
        String link = a.stripped("init_link");
        if (systemctl && link.substring(link.lastIndexOf('/') + 1).equals("systemd")) return "systemd";
        if (a.exists("/etc/init.d/")) return "sysvinit";
        return "service";
    }
}
