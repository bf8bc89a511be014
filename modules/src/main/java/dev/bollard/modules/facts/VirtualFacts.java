package dev.bollard.modules.facts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * virtualization_type, virtualization_role, virtualization_tech_guest and _host by Ansible's
 * own clues, in its order (containers first, then Xen, DMI names, VServer, cpuinfo, kernel
 * modules, dmidecode, /dev/kvm): the first clue found names the type, later ones only add to
 * the tech lists. (Ansible does not ask systemd-detect-virt, and neither does this, so both
 * name a host alike.)
 */
final class VirtualFacts implements FactCollector {
    private static final Pattern DOCKER_CGROUP = Pattern.compile("/docker(/|-[0-9a-f]+\\.scope)");
    private static final String DMI = "/sys/devices/virtual/dmi/id/";
    private static final Set<String> KVM_PRODUCTS = Set.of("KVM", "KVM Server", "Bochs", "AHV");
    private static final Set<String> KVM_VENDORS = Set.of("QEMU", "Amazon EC2", "DigitalOcean", "Google", "Scaleway", "Nutanix");

    @Override
    public List<String> names() {
        return List.of("virtualization_type", "virtualization_role", "virtualization_tech_guest", "virtualization_tech_host");
    }

    @Override
    public void ask(FactScript script) {
        script.file("pid1_cgroup", "/proc/1/cgroup");
        script.file("pid1_environ", "/proc/1/environ");
        script.file("systemd_container", "/run/systemd/container");
        for (String f : List.of("product_name", "sys_vendor", "product_family", "bios_vendor")) script.file("dmi_" + f, DMI + f);
        script.file("self_status", "/proc/self/status");
        script.file("modules", "/proc/modules");
        script.add("dmidecode", "[ \"$(id -u)\" = 0 ] && command -v dmidecode >/dev/null && dmidecode -s system-product-name");
        script.file("xen_capabilities", "/proc/xen/capabilities");
        script.file("cpuinfo", "/proc/cpuinfo");
        script.exists("/proc/vz", "/proc/lve", "/proc/bc", "/.dockerenv", "/.dockerinit", "/proc/xen", "/dev/kvm");
    }

    /** What is found so far: the first clue sets type and role, every clue adds its tech. */
    private static final class Found {
        String type;
        String role;
        boolean done;
        final Set<String> guest = new LinkedHashSet<>();
        final Set<String> host = new LinkedHashSet<>();

        void guest(String tech, String newType, String newRole) {
            guest.add(tech);
            first(newType, newRole);
        }

        void host(String tech, String newType, String newRole) {
            host.add(tech);
            first(newType, newRole);
        }

        void first(String newType, String newRole) {
            if (done) return;
            type = newType;
            if (newRole != null) role = newRole;
            done = true;
        }
    }

    @Override
    public void collect(Sections a, Map<String, Object> facts) {
        Found f = new Found();
        for (String line : a.lines("pid1_cgroup")) {
            if (DOCKER_CGROUP.matcher(line).find()) f.guest("docker", "docker", "guest");
            if (line.contains("/lxc/") || line.contains("/machine.slice/machine-lxc")) f.guest("lxc", "lxc", "guest");
            if (line.contains("/system.slice/containerd.service")) f.guest("containerd", "containerd", "guest");
        }
        for (String line : a.text("pid1_environ").split("[\\x00\\n]")) {
            if (line.contains("container=lxc")) f.guest("lxc", "lxc", "guest");
            if (line.contains("container=podman")) f.guest("podman", "podman", "guest");
            if (line.matches("container=.+")) f.guest("container", "container", "guest");
        }
        if (a.exists("/proc/vz") && !a.exists("/proc/lve")) {
            boolean isHost = a.exists("/proc/bc");
            if (isHost) f.host.add("openvz");
            else f.guest.add("openvz");
            if (!f.done) f.role = isHost ? "host" : "guest";
            f.type = "openvz";
            f.done = true;
        }
        String systemdContainer = a.stripped("systemd_container");
        if (!systemdContainer.isEmpty()) f.guest(systemdContainer, systemdContainer, "guest");
        if (a.exists("/.dockerenv") || a.exists("/.dockerinit")) f.guest("docker", "docker", "guest");
        if (!systemdContainer.isEmpty() || f.guest.stream().anyMatch(Set.of("docker", "lxc", "podman", "openvz", "containerd")::contains)) {
            f.guest.add("container");
        }
        if (a.exists("/proc/xen")) {
            if (a.text("xen_capabilities").contains("control_d")) f.host("xen", "xen", "host");
            else f.first("xen", "guest");
        }
        boolean foundBeforeDmi = f.done;
        if (!f.done) f.role = "guest";
        dmi(a, f);
        if (!f.done && !foundBeforeDmi) f.role = null;
        for (String line : a.lines("self_status")) {
            if (line.matches("VxID:\\s+\\d+.*")) {
                boolean isHost = line.matches("VxID:\\s+0.*");
                if (isHost) f.host.add("linux_vserver");
                else f.guest.add("linux_vserver");
                f.first("linux_vserver", isHost ? "host" : "guest");
            }
        }
        cpuinfo(a, f);
        List<String> modules = a.lines("modules").stream().map(l -> l.split(" ", 2)[0]).toList();
        if (modules.contains("kvm")) f.host("kvm", "kvm", "host");
        if (modules.contains("vboxdrv")) f.host("virtualbox", "virtualbox", "host");
        if (modules.contains("virtio")) f.host("kvm", "kvm", "guest");
        String product = a.stripped("dmidecode");
        if (product.startsWith("VMware")) f.guest("VMware", "VMware", "guest");
        if (product.contains("BHYVE")) f.guest("bhyve", "bhyve", "guest");
        if (a.exists("/dev/kvm")) f.host("kvm", "kvm", "host");
        facts.put("virtualization_type", f.type == null ? "NA" : f.type);
        facts.put("virtualization_role", f.role == null ? "NA" : f.role);
        facts.put("virtualization_tech_guest", new ArrayList<>(f.guest));
        facts.put("virtualization_tech_host", new ArrayList<>(f.host));
    }

    /** The machine's DMI names: the hypervisor a VM's firmware admits to. */
    private static void dmi(Sections a, Found f) {
        String product = a.stripped("dmi_product_name");
        String vendor = a.stripped("dmi_sys_vendor");
        String family = a.stripped("dmi_product_family");
        String bios = a.stripped("dmi_bios_vendor");
        if (KVM_PRODUCTS.contains(product)) f.guest("kvm", "kvm", null);
        if (vendor.equals("oVirt")) f.guest("oVirt", "oVirt", null);
        if (vendor.equals("Red Hat") && family.equals("RHV")) f.guest("RHV", "RHV", null);
        else if (vendor.equals("Red Hat") && product.equals("RHEV Hypervisor")) f.guest("RHEV", "RHEV", null);
        if (product.equals("VMware Virtual Platform") || product.equals("VMware7,1")) f.guest("VMware", "VMware", null);
        if (product.equals("OpenStack Compute") || product.equals("OpenStack Nova")) f.guest("openstack", "openstack", null);
        if (bios.equals("Xen")) f.guest("xen", "xen", null);
        if (bios.equals("innotek GmbH")) f.guest("virtualbox", "virtualbox", null);
        if (Set.of("Amazon EC2", "DigitalOcean", "Hetzner").contains(bios)) f.guest("kvm", "kvm", null);
        if (KVM_VENDORS.contains(vendor)) f.guest("kvm", "kvm", null);
        if (vendor.equals("KubeVirt")) f.guest("KubeVirt", "KubeVirt", null);
        if (vendor.equals("Microsoft Corporation")) f.guest("VirtualPC", "VirtualPC", null);
        if (vendor.equals("Parallels Software International Inc.")) f.guest("parallels", "parallels", null);
        if (vendor.equals("OpenStack Foundation")) f.guest("openstack", "openstack", null);
    }

    /** CPU names emulators give themselves. */
    private static void cpuinfo(Sections a, Found f) {
        for (String line : a.lines("cpuinfo")) {
            String tech;
            if (line.matches("model name.*QEMU Virtual CPU.*") || line.matches("machine.*CHRP IBM pSeries .emulated by qemu..*")) tech = "kvm";
            else if (line.matches("vendor_id.*User Mode Linux.*") || line.matches("model name.*UML.*")) tech = "uml";
            else if (line.matches("vendor_id.*PowerVM Lx86.*")) tech = "powervm_lx86";
            else if (line.matches("vendor_id.*IBM/S390.*")) tech = "PR/SM";
            else continue;
            f.guest.add(tech);
            f.first(tech, tech.equals("PR/SM") ? "LPAR" : "guest");
        }
    }
}
