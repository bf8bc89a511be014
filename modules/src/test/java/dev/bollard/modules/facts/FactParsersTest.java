package dev.bollard.modules.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collectors on outputs recorded from real hosts, with the values Ansible 2.14 gave on those hosts. */
class FactParsersTest {
    private static final String DEBIAN_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            """;

    private static Map<String, Object> collect(FactCollector c, Sections s, Map<String, Object> before) {
        Map<String, Object> facts = new LinkedHashMap<>(before);
        c.collect(s, facts);
        return facts;
    }

    @Test
    void debianFromOsReleaseAndDebianVersion() {
        Map<String, Object> f = collect(new DistributionFacts(),
                Sections.of(Map.of("os_release", DEBIAN_OS_RELEASE, "debian_version", "12.15\n")), Map.of("system", "Linux"));
        assertEquals("Debian", f.get("distribution"));
        assertEquals("12", f.get("distribution_version"));
        assertEquals("12", f.get("distribution_major_version"));
        assertEquals("15", f.get("distribution_minor_version"));
        assertEquals("bookworm", f.get("distribution_release"));
        assertEquals("Debian", f.get("os_family"));
    }

    @Test
    void ubuntuAndRocky() {
        String ubuntu = """
                PRETTY_NAME="Ubuntu 22.04.3 LTS"
                NAME="Ubuntu"
                VERSION_ID="22.04"
                VERSION="22.04.3 LTS (Jammy Jellyfish)"
                VERSION_CODENAME=jammy
                ID=ubuntu
                ID_LIKE=debian
                UBUNTU_CODENAME=jammy
                """;
        Map<String, Object> u = collect(new DistributionFacts(), Sections.of(Map.of("os_release", ubuntu)), Map.of("system", "Linux"));
        assertEquals(List.of("Ubuntu", "22.04", "22", "jammy", "Debian"), List.of(u.get("distribution"), u.get("distribution_version"),
                u.get("distribution_major_version"), u.get("distribution_release"), u.get("os_family")));
        String rocky = """
                NAME="Rocky Linux"
                VERSION="9.3 (Blue Onyx)"
                ID="rocky"
                ID_LIKE="rhel centos fedora"
                VERSION_ID="9.3"
                PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
                """;
        Map<String, Object> r = collect(new DistributionFacts(), Sections.of(Map.of("os_release", rocky,
                "redhat_release", "Rocky Linux release 9.3 (Blue Onyx)\n")), Map.of("system", "Linux"));
        assertEquals(List.of("Rocky", "9.3", "9", "Blue Onyx", "RedHat"), List.of(r.get("distribution"), r.get("distribution_version"),
                r.get("distribution_major_version"), r.get("distribution_release"), r.get("os_family")));
    }

    @Test
    void cpuCountsAsAnsibleDoes() {
        String two = """
                processor	: 0
                vendor_id	: AuthenticAMD
                model name	: AMD EPYC
                physical id	: 0
                siblings	: 2
                core id		: 0
                cpu cores	: 2

                processor	: 1
                vendor_id	: AuthenticAMD
                model name	: AMD EPYC
                physical id	: 0
                siblings	: 2
                core id		: 1
                cpu cores	: 2
                """;
        Map<String, Object> f = collect(new CpuFacts(), Sections.of(Map.of("cpuinfo", two, "self_status", "Cpus_allowed_list:\t0-1\n")),
                Map.of("architecture", "x86_64"));
        assertEquals(List.of("0", "AuthenticAMD", "AMD EPYC", "1", "AuthenticAMD", "AMD EPYC"), f.get("processor"));
        assertEquals(1, f.get("processor_count"));
        assertEquals(2, f.get("processor_cores"));
        assertEquals(1, f.get("processor_threads_per_core"));
        assertEquals(2, f.get("processor_vcpus"));
        assertEquals(2, f.get("processor_nproc"));

        StringBuilder big = new StringBuilder();
        for (int cpu = 0; cpu < 16; cpu++) {
            big.append("processor\t: ").append(cpu).append("\nvendor_id\t: GenuineIntel\nmodel name\t: Xeon\nphysical id\t: ")
                    .append(cpu / 8).append("\nsiblings\t: 8\ncore id\t\t: ").append(cpu % 4).append("\ncpu cores\t: 4\n\n");
        }
        Map<String, Object> g = collect(new CpuFacts(), Sections.of(Map.of("cpuinfo", big.toString())), Map.of("architecture", "x86_64"));
        assertEquals(List.of(2, 4, 2, 16), List.of(g.get("processor_count"), g.get("processor_cores"),
                g.get("processor_threads_per_core"), g.get("processor_vcpus")));

        String arm = "processor\t: 0\nBogoMIPS\t: 50.00\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n";
        Map<String, Object> a = collect(new CpuFacts(), Sections.of(Map.of("cpuinfo", arm)), Map.of("architecture", "aarch64"));
        assertEquals(List.of(2, 1, 2), List.of(a.get("processor_count"), a.get("processor_cores"), a.get("processor_vcpus")));
    }

    @Test
    void memoryInWholeMebibytes() {
        String meminfo = "MemTotal:       24683584 kB\nMemFree:        22097560 kB\nMemAvailable:   23393160 kB\n"
                + "Buffers:           29344 kB\nCached:          1451188 kB\nSwapCached:            0 kB\n"
                + "SwapTotal:             0 kB\nSwapFree:              0 kB\n";
        Map<String, Object> f = collect(new MemoryFacts(), Sections.of(Map.of("meminfo", meminfo)), Map.of());
        assertEquals(24105, f.get("memtotal_mb"));
        assertEquals(21579, f.get("memfree_mb"));
        assertEquals(0, f.get("swaptotal_mb"));
        assertEquals(Map.of("total", 24105, "used", 2526, "free", 21579),
                ((Map<?, ?>) f.get("memory_mb")).get("real"));
    }

    @Test
    void mountsWithSizesBindsAndUuids() {
        String mtab = "/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n"
                + "/dev/vda /etc/resolv.conf ext4 rw,relatime 0 0\n/dev/sdb1 /srv/my\\040data xfs rw 0 0\n"
                + "server:/export /mnt/nfs nfs4 rw 0 0\nnone /x none rw 0 0\n";
        String statvfs = "4096 4096 1000 400 500 100 /\n4096 4096 1000 400 500 100 /etc/resolv.conf\n"
                + "512 4096 2000 1000 10 5 /srv/my data\n";
        String findmnt = "/                 /dev/vda                          ext4 rw\n"
                + "/etc/resolv.conf  /dev/vda[/var/lib/docker/x/resolv.conf] ext4 rw\n";
        String lsblk = "/dev/vda \n/dev/sdb1 1234-abcd\n";
        Map<String, Object> f = collect(new MountFacts(), Sections.of(Map.of("mtab", mtab, "statvfs", statvfs, "findmnt", findmnt,
                "lsblk", lsblk)), Map.of());
        List<?> mounts = (List<?>) f.get("mounts");
        assertEquals(4, mounts.size(), "block devices and network shares only: " + mounts);
        Map<?, ?> root = (Map<?, ?>) mounts.get(0);
        assertEquals(4096000L, root.get("size_total"));
        assertEquals(1638400L, root.get("size_available"));
        assertEquals(600L, root.get("block_used"));
        assertEquals(400L, root.get("inode_used"));
        assertEquals("N/A", root.get("uuid"));
        assertEquals("rw,relatime,bind", ((Map<?, ?>) mounts.get(1)).get("options"));
        Map<?, ?> data = (Map<?, ?>) mounts.get(2);
        assertEquals("/srv/my data", data.get("mount"));
        assertEquals("1234-abcd", data.get("uuid"));
        assertEquals(1024000L, data.get("size_total"));
        assertFalse(((Map<?, ?>) mounts.get(3)).containsKey("size_total"), "no statvfs answer, no sizes");
    }

    @Test
    void defaultIpv4FromRouteAndAddresses() {
        String route = "8.8.8.8 via 172.17.0.1 dev eth0 src 172.17.0.4 uid 1000 \n    cache \n";
        String addr = """
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                    inet 127.0.0.1/8 scope host lo
                       valid_lft forever preferred_lft forever
                96: eth0@if97: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default  link-netnsid 0
                    inet 10.1.0.9/24 scope global secondary eth0:1
                       valid_lft forever preferred_lft forever
                    inet 172.17.0.4/16 brd 172.17.255.255 scope global eth0
                       valid_lft forever preferred_lft forever
                """;
        String links = "lo|00:00:00:00:00:00|65536|772|\neth0|02:42:ac:11:00:04|1500|1|\n";
        Map<String, Object> f = collect(new NetworkFacts(), Sections.of(Map.of("route4", route, "addr4", addr, "links", links), "ip"),
                Map.of());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("gateway", "172.17.0.1");
        expected.put("interface", "eth0");
        expected.put("address", "172.17.0.4");
        expected.put("broadcast", "172.17.255.255");
        expected.put("netmask", "255.255.0.0");
        expected.put("network", "172.17.0.0");
        expected.put("prefix", "16");
        expected.put("macaddress", "02:42:ac:11:00:04");
        expected.put("mtu", 1500);
        expected.put("type", "ether");
        expected.put("alias", "eth0");
        assertEquals(expected, f.get("default_ipv4"));
        assertEquals(List.of("172.17.0.4", "10.1.0.9"), f.get("all_ipv4_addresses"), "primary first, loopback left out");
        assertEquals(List.of("lo", "eth0"), f.get("interfaces"));
        assertTrue(collect(new NetworkFacts(), Sections.of(Map.of()), Map.of()).isEmpty(), "nothing without ip");
    }

    @Test
    void virtualizationByAnsiblesClues() {
        Map<String, Object> docker = collect(new VirtualFacts(), Sections.of(Map.of("pid1_cgroup", "0::/\n"), "/.dockerenv"), Map.of());
        assertEquals(List.of("docker", "guest", List.of("docker", "container")),
                List.of(docker.get("virtualization_type"), docker.get("virtualization_role"), docker.get("virtualization_tech_guest")));
        Map<String, Object> kvm = collect(new VirtualFacts(), Sections.of(Map.of("dmi_sys_vendor", "QEMU\n",
                "modules", "virtio_net 61440 0 - Live 0x0\n")), Map.of());
        assertEquals(List.of("kvm", "guest"), List.of(kvm.get("virtualization_type"), kvm.get("virtualization_role")));
        Map<String, Object> none = collect(new VirtualFacts(), Sections.of(Map.of()), Map.of());
        assertEquals(List.of("NA", "NA"), List.of(none.get("virtualization_type"), none.get("virtualization_role")));
        Map<String, Object> host = collect(new VirtualFacts(), Sections.of(Map.of("modules", "kvm_amd 1 0\nkvm 1 1 kvm_amd\n")), Map.of());
        assertEquals(List.of("kvm", "host"), List.of(host.get("virtualization_type"), host.get("virtualization_role")));
    }

    @Test
    void dateTimeAsStrings() {
        String date = "2026|12|Tuesday|2|48|01|13|46|32|1796132792|162385123|CET|+0100\n"
                + "2026|01|Thursday|4|00|01|12|00|00|1767265200|000000000|CET|+0100\n"
                + "2026|07|Wednesday|3|26|01|12|00|00|1782900000|000000000|CEST|+0200\n";
        Map<?, ?> d = (Map<?, ?>) collect(new DateTimeFacts(), Sections.of(Map.of("date", date)), Map.of()).get("date_time");
        assertEquals("1796132792", d.get("epoch"));
        assertEquals("2026-12-01T13:46:32Z", d.get("iso8601"));
        assertEquals("2026-12-01T13:46:32.162385Z", d.get("iso8601_micro"));
        assertEquals("20261201T134632162385", d.get("iso8601_basic"));
        assertEquals("CET", d.get("tz"));
        assertEquals("CEST", d.get("tz_dst"));
        assertEquals("+0100", d.get("tz_offset"));
    }

    @Test
    void serviceManagerFromPidOne() {
        assertEquals("systemd", collect(new ServiceMgrFacts(), Sections.of(Map.of("pid1", "systemd\n")), Map.of()).get("service_mgr"));
        assertEquals("sshd", collect(new ServiceMgrFacts(), Sections.of(Map.of("pid1", "sshd\n")), Map.of()).get("service_mgr"));
        assertEquals("sysvinit", collect(new ServiceMgrFacts(), Sections.of(Map.of("pid1", "init\n"), "/etc/init.d/"),
                Map.of("system", "Linux")).get("service_mgr"));
    }

    @Test
    void userFromLoginNameAndPasswd() {
        Map<String, Object> f = collect(new UserFacts(), Sections.of(Map.of("user", "deploy\ndeploy:x:1000:1000:,,,:/home/deploy:/bin/bash\n",
                "self_status", "Name:\tgrep\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n")), Map.of());
        assertEquals(List.of("deploy", 1000, 1000, ",,,", "/home/deploy", "/bin/bash", 1000, 1000),
                List.of(f.get("user_id"), f.get("user_uid"), f.get("user_gid"), f.get("user_gecos"), f.get("user_dir"),
                        f.get("user_shell"), f.get("real_user_id"), f.get("effective_group_id")));
    }

    @Test
    void gatherSubsetFollowsAnsiblesRule() {
        assertEquals(9, GatherSubset.collectors(List.of("!hardware")).size(), "an exclusion alone leaves the minimal set");
        assertEquals(0, GatherSubset.collectors(List.of("!all", "!min")).size());
        assertTrue(GatherSubset.collectors(List.of("!all", "network")).stream().anyMatch(c -> c instanceof NetworkFacts));
        assertEquals(15, GatherSubset.collectors(List.of()).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatherSubset.collectors(List.of("ohai")));
        assertTrue(e.getMessage().contains("'!ohai'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatherSubset.collectors(List.of("hardwre")));
        assertEquals(9, GatherSubset.collectors(List.of("!all", "!ohai")).size());
    }

    @Test
    void filterMatchesWithOrWithoutPrefix() {
        FactFilter f = new FactFilter(List.of("distribution*", "ansible_eth[0-2]"));
        assertTrue(f.keeps("ansible_distribution_release"));
        assertTrue(f.keeps("ansible_eth1"));
        assertFalse(f.keeps("ansible_eth3"));
        assertFalse(f.keeps("gather_subset"));
        assertTrue(new FactFilter(List.of()).keeps("anything"));
    }
}
