package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * user, group, apt, capabilities, linger and service over SSH on one systemd container: each
 * created, changed and removed, every step checked (no change on the host), applied, applied
 * again with nothing to do, verified, and where it matters edited by hand for verify to catch.
 * apt works from a local repository with two versions of a package made here.
 */
class SystemModulesE2ETest {
    private static SshTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        target = SshTarget.systemd();
        SshTarget.ExecResult repo = target.exec(String.join("\n",
                "set -e",
                "mkdir -p /srv/repo",
                "for v in 1.0-1 2.0-1; do",
                "  d=/tmp/pkg-$v; mkdir -p $d/DEBIAN $d/usr/bin",
                "  printf 'Package: bollard-demo\\nVersion: %s\\nArchitecture: all\\nMaintainer: Test <test@example.org>\\nDescription: demo\\n' $v > $d/DEBIAN/control",
                "  printf '#!/bin/sh\\necho %s\\n' $v > $d/usr/bin/bollard-demo; chmod 755 $d/usr/bin/bollard-demo",
                "  dpkg-deb -Zgzip --root-owner-group --build $d /srv/repo/bollard-demo_${v}_all.deb >/dev/null",
                "done",
                "cd /srv/repo",
                "for f in *.deb; do dpkg-deb -f $f; echo \"Filename: ./$f\"; echo \"Size: $(stat -c %s $f)\"; echo \"SHA256: $(sha256sum $f | cut -d' ' -f1)\"; echo; done > Packages",
                "rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*",
                "echo 'deb [trusted=yes] file:/srv/repo ./' > /etc/apt/sources.list.d/local.list",
                "apt-get update -q >/dev/null",
                "printf '[Unit]\\nDescription=demo\\n[Service]\\nExecStart=/bin/sleep infinity\\n[Install]\\nWantedBy=multi-user.target\\n' > /lib/systemd/system/demo.service",
                "cp /lib/systemd/system/demo.service /lib/systemd/system/demo2.service",
                "systemctl daemon-reload",
                "# linger needs logind, which the image masks",
                "systemctl unmask systemd-logind >/dev/null 2>&1; systemctl start systemd-logind"));
        assertEquals(0, repo.rc(), repo.out() + repo.err());
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
    }

    private Bollard.Run bollard(String command, String tasks, String... more) throws Exception {
        Path play = dir.resolve("play.yml");
        Files.writeString(play, "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks.indent(4));
        Path inv = Bollard.inventory(dir, "root", target);
        java.util.List<String> args = new java.util.ArrayList<>();
        if (command != null) args.add(command);
        args.addAll(java.util.List.of(play.toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off"));
        args.addAll(java.util.List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    /** Check changes nothing, apply changes, a second apply changes nothing, verify holds. Returns the check run. */
    private Bollard.Run cycle(String tasks, String hostState) throws Exception {
        String before = target.exec(hostState).out();
        Bollard.Run check = bollard(null, tasks, "--check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("t1") > 0, check.toString());
        assertEquals(before, target.exec(hostState).out(), "check mode changed the host");
        Bollard.Run apply = bollard(null, tasks);
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.changed("t1") > 0, apply.toString());
        Bollard.Run again = bollard(null, tasks);
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());
        Bollard.Run verify = bollard("verify", tasks);
        assertEquals(0, verify.code(), verify.toString());
        return check;
    }

    private void drift(String tasks, String edit, String failingTask) throws Exception {
        assertTrue(target.exec(edit).ok(), edit);
        Bollard.Run verify = bollard("verify", tasks);
        assertEquals(2, verify.code(), verify.toString());
        assertEquals("failed", verify.task(failingTask).get(0).path("status").asText(), verify.toString());
        Bollard.Run fix = bollard(null, tasks);
        assertEquals(0, fix.code(), fix.toString());
        assertEquals(0, bollard("verify", tasks).code());
    }

    private String sh(String command) {
        return target.exec(command).out().strip();
    }

    @Test
    void usersAndGroupsCreatedChangedAndRemoved() throws Exception {
        String users = "getent passwd sysdemo; getent group sysgrp1 sysgrp2; id -Gn sysdemo; ls -d /home/sysdemo /srv/sysdemo; "
                + "getent shadow sysdemo; ls /var/lib/systemd/linger; cat /etc/subuid";
        String create = """
                - name: first group
                  group: {name: sysgrp1, gid: 2001}
                - name: second group
                  group: {name: sysgrp2}
                - name: the user
                  user:
                    name: sysdemo
                    group: sysgrp1
                    groups: [users]
                    shell: /bin/sh
                    password: "$6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g."
                  register: u
                - name: its uid
                  debug: {msg: "uid {{ u.uid }} home {{ u.home }}"}
                - name: lingering
                  linger: {user: sysdemo}
                - name: subordinate ids
                  subid: {user: sysdemo}
                """;
        // check mode: later tasks for the new user (its uid, its own systemd) plan instead of failing
        Bollard.Run userScope = bollard(null, create + """
                - name: the user's unit
                  service: {name: demo-user, scope: user, user: sysdemo, state: started}
                """, "--check");
        assertEquals(0, userScope.code(), userScope.toString());
        assertEquals("changed", userScope.task("the user's unit").get(0).path("status").asText(), userScope.toString());
        Bollard.Run check = cycle(create, users);
        assertTrue(check.task("its uid").get(0).toString().contains("home /home/sysdemo"), check.toString());
        assertTrue(sh("getent passwd sysdemo").matches("sysdemo:x:\\d+:2001::/home/sysdemo:/bin/sh"), sh("getent passwd sysdemo"));
        assertEquals("sysgrp1 users", sh("id -Gn sysdemo"));
        assertTrue(sh("test -f /var/lib/systemd/linger/sysdemo && echo yes").equals("yes"));

        drift(create, "usermod -g sysgrp2 sysdemo", "the user");
        drift(create, "usermod -s /bin/bash sysdemo", "the user");
        drift(create, "gpasswd -d sysdemo users", "the user");
        drift(create, "loginctl disable-linger sysdemo", "lingering");

        String change = """
                - name: second group
                  group: {name: sysgrp2, gid: 2002}
                - name: the user
                  user:
                    name: sysdemo
                    group: sysgrp2
                    groups: [sysgrp1]
                    append: true
                    shell: /bin/bash
                    home: /srv/sysdemo
                    move_home: true
                """;
        cycle(change, users);
        assertTrue(sh("getent passwd sysdemo").matches("sysdemo:x:\\d+:2002::/srv/sysdemo:/bin/bash"), sh("getent passwd sysdemo"));
        assertEquals("sysgrp1 sysgrp2 users", String.join(" ", new java.util.TreeSet<>(java.util.List.of(sh("id -Gn sysdemo").split(" ")))));
        assertTrue(target.exec("test -d /srv/sysdemo && ! test -e /home/sysdemo").ok(), "home moved");
        drift(change, "usermod -d /home/elsewhere -m sysdemo", "the user");
        assertTrue(target.exec("test -d /srv/sysdemo && ! test -e /home/elsewhere").ok(), "home moved back");

        String remove = """
                - name: no lingering
                  linger: {user: sysdemo, state: absent}
                - name: no subordinate ids
                  subid: {user: sysdemo, state: absent}
                - name: no user
                  user: {name: sysdemo, state: absent, remove: true}
                - name: no first group
                  group: {name: sysgrp1, state: absent}
                - name: no second group
                  group: {name: sysgrp2, state: absent}
                """;
        cycle(remove, users);
        assertEquals("", sh("getent passwd sysdemo; getent group sysgrp1 sysgrp2; grep sysdemo /etc/subuid"));
        assertFalse(target.exec("test -e /srv/sysdemo").ok());
    }

    @Test
    void packagesInstalledPinnedDowngradedAndPurged() throws Exception {
        String pkgs = "dpkg -l bollard-demo 2>&1 | tail -1";
        String version = "dpkg-query -W -f='${Version}' bollard-demo";
        Bollard.Run check = cycle("""
                - name: demo package
                  apt: {name: bollard-demo=1.0-1}
                - name: its binary may bind low ports
                  capabilities: {path: /usr/bin/bollard-demo, capability: cap_net_bind_service+ep}
                """, pkgs + "; getcap /usr/bin/bollard-demo");
        assertEquals("changed", check.task("its binary may bind low ports").get(0).path("status").asText(), check.toString());
        assertEquals("1.0-1", sh(version));
        cycle("- name: demo package\n  apt: {name: bollard-demo=2.0-1}\n", pkgs);
        assertEquals("2.0-1", sh(version));
        cycle("- name: demo package\n  apt: {name: bollard-demo=1.0-1, allow_downgrade: true}\n", pkgs);
        assertEquals("1.0-1", sh(version));
        cycle("- name: demo package\n  apt: {name: bollard-demo, state: latest}\n", pkgs);
        assertEquals("2.0-1", sh(version));
        cycle("- name: demo package\n  apt: {name: bollard-demo, state: absent, purge: true}\n", pkgs);
        assertFalse(target.exec("dpkg -s bollard-demo").ok());
    }

    @Test
    void capabilitiesSetChangedAndRemoved() throws Exception {
        assertTrue(target.exec("cp /usr/bin/true /usr/local/bin/captest").ok());
        String caps = "getcap /usr/local/bin/captest";
        String set = "- name: bind\n  capabilities: {path: /usr/local/bin/captest, capability: cap_net_bind_service+ep}\n";
        cycle(set, caps);
        drift(set, "setcap -r /usr/local/bin/captest", "bind");
        cycle(set + "- name: raw\n  capabilities: {path: /usr/local/bin/captest, capability: cap_net_raw+ep}\n", caps);
        assertEquals("/usr/local/bin/captest cap_net_bind_service,cap_net_raw=ep", sh(caps));
        cycle("- name: no bind\n  capabilities: {path: /usr/local/bin/captest, capability: cap_net_bind_service+ep, state: absent}\n", caps);
        assertEquals("/usr/local/bin/captest cap_net_raw=ep", sh(caps));
    }

    @Test
    void servicesStartedStoppedMaskedAndJudgedAlikeByPlanAndVerify() throws Exception {
        String units = "systemctl is-active demo; systemctl is-enabled demo; true";
        String up = "- name: demo\n  service: {name: demo, state: started, enabled: true}\n";
        cycle(up, units);
        assertEquals("active\nenabled", sh(units));
        drift(up, "systemctl stop demo", "demo");
        drift(up, "systemctl disable demo", "demo");
        cycle("- name: demo\n  systemd: {name: demo, state: stopped, enabled: false}\n", units);
        assertEquals("inactive\ndisabled", sh(units));
        cycle("- name: demo\n  systemd: {name: demo.service, masked: true}\n", units);
        assertEquals("masked", sh("systemctl is-enabled demo; true"));
        cycle("- name: demo\n  systemd: {name: demo, masked: false, state: started}\n", units);
        assertEquals("active\ndisabled", sh(units));

        // enabled only until the next boot: plan has nothing to do, and verify agrees
        assertTrue(target.exec("systemctl enable --runtime --now demo2").ok());
        String runtime = "- name: demo2\n  service: {name: demo2, state: started, enabled: true}\n";
        Bollard.Run apply = bollard(null, runtime);
        assertEquals(0, apply.changed("t1"), apply.toString());
        Bollard.Run verify = bollard("verify", runtime);
        assertEquals(0, verify.code(), verify.toString());
    }
}
