package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.PlaybookCycle;
import dev.bollard.testing.SshTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
    private PlaybookCycle play;

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

    @BeforeEach
    void play() {
        play = new PlaybookCycle(target, dir);
    }

    private void drift(String tasks, String edit, String failingTask) throws Exception {
        assertTrue(target.exec(edit).ok(), edit);
        Bollard.Run verify = play.run("verify", tasks);
        assertEquals(2, verify.code(), verify.toString());
        assertEquals("failed", verify.task(failingTask).get(0).path("status").asText(), verify.toString());
        Bollard.Run fix = play.run(null, tasks);
        assertEquals(0, fix.code(), fix.toString());
        assertEquals(0, play.run("verify", tasks).code());
    }

    private String sh(String command) {
        return target.exec(command).out().strip();
    }

    /**
     * A check run and an applying run of a service task and an apt task: what their plans read of the
     * host (systemctl show, dpkg-query, apt-cache policy, the lists' age) comes in one read-ahead, not
     * one round trip each.
     */
    @Test
    void aServiceAndAnAptTaskArePlannedOnOneReadAhead() throws Exception {
        assertTrue(target.exec("cp /lib/systemd/system/demo.service /lib/systemd/system/demo3.service && systemctl daemon-reload"
                + " && apt-get purge -y -q bollard-demo >/dev/null 2>&1; apt-get update -q >/dev/null").ok());
        String tasks = """
                - name: demo3 runs
                  service: {name: demo3, state: started}
                - name: demo package
                  apt: {name: bollard-demo=1.0-1, update_cache: true, cache_valid_time: 3600}
                """;
        String stamps = "stat -c %Y /var/lib/apt/periodic/update-success-stamp /var/lib/apt/lists";
        String updated = sh(stamps);
        try {
            Bollard.Run check = play.run(null, tasks, "--check");
            assertEquals(0, check.code(), check.toString());
            assertEquals(2, check.changed("t1"), check.toString());
            Bollard.Run apply = play.run(null, tasks);
            assertEquals(0, apply.code(), apply.toString());
            assertEquals(2, apply.changed("t1"), apply.toString());
            assertEquals("active", sh("systemctl is-active demo3"));
            assertEquals("1.0-1", sh("dpkg-query -W -f='${Version}' bollard-demo"));
            assertEquals(updated, sh(stamps), "the lists were fresh: no apt-get update");
            int checkTrips = check.recap("t1").path("round_trips").asInt();
            int applyTrips = apply.recap("t1").path("round_trips").asInt();
            System.out.println("round trips on t1: check " + checkTrips + ", apply " + applyTrips);
            // check: the read-ahead alone; apply: the read-ahead, then the batch (the steps, the journal's entry, the reads that prove them)
            assertEquals(1, checkTrips, check.out());
            assertEquals(2, applyTrips, apply.out());

            // lists updated two hours ago are stale for cache_valid_time: 3600: the update runs first
            assertTrue(target.exec("apt-get purge -y -q bollard-demo >/dev/null && touch -d '2 hours ago' " + stamps.substring(stamps.indexOf('/'))).ok());
            String old = sh(stamps);
            Bollard.Run stale = play.run(null, tasks);
            assertEquals(0, stale.code(), stale.toString());
            assertFalse(old.equals(sh(stamps)), "apt-get update ran: " + old + " / " + sh(stamps));
        } finally {
            target.exec("systemctl stop demo3; rm -f /lib/systemd/system/demo3.service; systemctl daemon-reload; apt-get purge -y -q bollard-demo");
        }
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
        Bollard.Run userScope = play.run(null, create + """
                - name: the user's unit
                  service: {name: demo-user, scope: user, user: sysdemo, state: started}
                """, "--check");
        assertEquals(0, userScope.code(), userScope.toString());
        assertEquals("changed", userScope.task("the user's unit").get(0).path("status").asText(), userScope.toString());
        Bollard.Run check = play.cycle(create, users).check();
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
        play.cycle(change, users);
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
        play.cycle(remove, users);
        assertEquals("", sh("getent passwd sysdemo; getent group sysgrp1 sysgrp2; grep sysdemo /etc/subuid"));
        assertFalse(target.exec("test -e /srv/sysdemo").ok());
    }

    @Test
    void packagesInstalledPinnedDowngradedAndPurged() throws Exception {
        String pkgs = "dpkg -l bollard-demo 2>&1 | tail -1";
        String version = "dpkg-query -W -f='${Version}' bollard-demo";
        Bollard.Run check = play.cycle("""
                - name: demo package
                  apt: {name: bollard-demo=1.0-1}
                - name: its binary may bind low ports
                  capabilities: {path: /usr/bin/bollard-demo, capability: cap_net_bind_service+ep}
                """, pkgs + "; getcap /usr/bin/bollard-demo").check();
        assertEquals("changed", check.task("its binary may bind low ports").get(0).path("status").asText(), check.toString());
        assertEquals("1.0-1", sh(version));
        play.cycle("- name: demo package\n  apt: {name: bollard-demo=2.0-1}\n", pkgs);
        assertEquals("2.0-1", sh(version));
        play.cycle("- name: demo package\n  apt: {name: bollard-demo=1.0-1, allow_downgrade: true}\n", pkgs);
        assertEquals("1.0-1", sh(version));
        play.cycle("- name: demo package\n  apt: {name: bollard-demo, state: latest}\n", pkgs);
        assertEquals("2.0-1", sh(version));
        play.cycle("- name: demo package\n  apt: {name: bollard-demo, state: absent, purge: true}\n", pkgs);
        assertFalse(target.exec("dpkg -s bollard-demo").ok());
    }

    @Test
    void capabilitiesSetChangedAndRemoved() throws Exception {
        assertTrue(target.exec("cp /usr/bin/true /usr/local/bin/captest").ok());
        String caps = "getcap /usr/local/bin/captest";
        String set = "- name: bind\n  capabilities: {path: /usr/local/bin/captest, capability: cap_net_bind_service+ep}\n";
        play.cycle(set, caps);
        drift(set, "setcap -r /usr/local/bin/captest", "bind");
        play.cycle(set + "- name: raw\n  capabilities: {path: /usr/local/bin/captest, capability: cap_net_raw+ep}\n", caps);
        assertEquals("/usr/local/bin/captest cap_net_bind_service,cap_net_raw=ep", sh(caps));
        play.cycle("- name: no bind\n  capabilities: {path: /usr/local/bin/captest, capability: cap_net_bind_service+ep, state: absent}\n", caps);
        assertEquals("/usr/local/bin/captest cap_net_raw=ep", sh(caps));
    }

    @Test
    void servicesStartedStoppedMaskedAndJudgedAlikeByPlanAndVerify() throws Exception {
        String units = "systemctl is-active demo; systemctl is-enabled demo; true";
        String up = "- name: demo\n  service: {name: demo, state: started, enabled: true}\n";
        play.cycle(up, units);
        assertEquals("active\nenabled", sh(units));
        drift(up, "systemctl stop demo", "demo");
        drift(up, "systemctl disable demo", "demo");
        play.cycle("- name: demo\n  systemd: {name: demo, state: stopped, enabled: false}\n", units);
        assertEquals("inactive\ndisabled", sh(units));
        play.cycle("- name: demo\n  systemd: {name: demo.service, masked: true}\n", units);
        assertEquals("masked", sh("systemctl is-enabled demo; true"));
        play.cycle("- name: demo\n  systemd: {name: demo, masked: false, state: started}\n", units);
        assertEquals("active\ndisabled", sh(units));

        // enabled only until the next boot: plan has nothing to do, and verify agrees
        assertTrue(target.exec("systemctl enable --runtime --now demo2").ok());
        String runtime = "- name: demo2\n  service: {name: demo2, state: started, enabled: true}\n";
        Bollard.Run apply = play.run(null, runtime);
        assertEquals(0, apply.changed("t1"), apply.toString());
        Bollard.Run verify = play.run("verify", runtime);
        assertEquals(0, verify.code(), verify.toString());
    }
}
