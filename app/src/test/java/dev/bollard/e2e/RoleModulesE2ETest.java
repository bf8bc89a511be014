package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.bollard.testing.Bollard;
import dev.bollard.testing.PlaybookCycle;
import dev.bollard.testing.SshTarget;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replace, getent, modprobe, systemd_service, unarchive and get_url over SSH on one systemd
 * container: check changes nothing, apply changes, a second apply changes nothing, verify holds,
 * and a bad argument of each fails before the host is touched, naming the argument. get_url
 * downloads from an HTTP server in this JVM, reached through the Docker bridge's gateway.
 */
class RoleModulesE2ETest {
    private static final byte[] PAYLOAD = "payload served by the test\n".getBytes(StandardCharsets.UTF_8);
    private static SshTarget target;
    private static HttpServer server;
    private static String base;
    private static final List<String> AUTH_SEEN = new ArrayList<>();

    @TempDir
    Path dir;
    private PlaybookCycle play;

    @BeforeAll
    static void start() throws Exception {
        target = SshTarget.systemd();
        SshTarget.ExecResult setup = target.exec(String.join("\n",
                "set -e",
                "printf '[Unit]\\nDescription=demo\\n[Service]\\nExecStart=/bin/sleep infinity\\n[Install]\\nWantedBy=multi-user.target\\n' > /lib/systemd/system/roledemo.service",
                "systemctl daemon-reload",
                "mkdir -p /srv/role/src/app/sub",
                "echo one > /srv/role/src/app/one.txt; echo two > /srv/role/src/app/sub/two.txt",
                "tar -czf /srv/role/app.tar.gz -C /srv/role/src app",
                "printf 'PK\\003\\004rest' > /srv/role/fake.zip",
                "mkdir -p /srv/role/dest /srv/role/dest2 /srv/role/zipdest /srv/role/dl"));
        assertEquals(0, setup.rc(), setup.out() + setup.err());
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        server.createContext("/file.txt", ex -> {
            ex.sendResponseHeaders(200, PAYLOAD.length);
            ex.getResponseBody().write(PAYLOAD);
            ex.close();
        });
        server.createContext("/private/secret.txt", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            synchronized (AUTH_SEEN) {
                AUTH_SEEN.add(auth + " | " + ex.getRequestHeaders().getFirst("X-Role"));
            }
            String want = "Basic " + Base64.getEncoder().encodeToString("deploy:s3cr3t-pw".getBytes(StandardCharsets.UTF_8));
            if (!want.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"t\"");
                ex.sendResponseHeaders(401, -1);
            } else {
                ex.sendResponseHeaders(200, PAYLOAD.length);
                ex.getResponseBody().write(PAYLOAD);
            }
            ex.close();
        });
        server.start();
        String gateway = target.exec("ip route | awk '/^default/ {print $3}'").out().strip();
        assertFalse(gateway.isEmpty(), "the container has a default route");
        base = "http://" + gateway + ":" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
        if (target != null) target.close();
    }

    @BeforeEach
    void play() {
        play = new PlaybookCycle(target, dir);
    }

    /** A bad argument fails the run before any host is touched, naming the argument. */
    private void refused(String tasks, String key, String hostState) throws Exception {
        String before = target.exec(hostState).out();
        Bollard.Run run = play.run(null, tasks);
        assertNotEquals(0, run.code(), run.toString());
        assertTrue(run.toString().contains("'" + key + "'"), "names " + key + ": " + run);
        assertEquals(before, target.exec(hostState).out(), "a refused task touched the host");
    }

    private String sh(String command) {
        return target.exec(command).out().strip();
    }

    @Test
    void replaceEditsWithPythonRegexes() throws Exception {
        assertTrue(target.exec("printf '127.0.0.1 localhost\\n10.0.0.5 db.old.example db\\n[x]\\nport_1=80\\n[y]\\nport_1=80\\n' > /srv/role/hosts").ok());
        String tasks = """
                - name: hosts
                  replace:
                    path: /srv/role/hosts
                    regexp: '(?P<host>\\w+)\\.old\\.example'
                    replace: '\\g<host>.new.example'
                    mode: "0600"
                - name: only in x
                  replace:
                    dest: /srv/role/hosts
                    regexp: '^(port_\\d)=80$'
                    replace: '\\1=8080'
                    after: '\\[x\\]'
                    before: '\\[y\\]'
                    backup: true
                """;
        play.cycle(tasks, "cat /srv/role/hosts; stat -c %a /srv/role/hosts");
        assertEquals("127.0.0.1 localhost\n10.0.0.5 db.new.example db\n[x]\nport_1=8080\n[y]\nport_1=80", sh("cat /srv/role/hosts"));
        assertEquals("600", sh("stat -c %a /srv/role/hosts"));
        assertEquals("1", sh("ls /srv/role/hosts.*.bak | wc -l"));
        refused("- name: bad\n  replace: {path: /srv/role/hosts, regexp: '(?P<x>unclosed', replace: y}\n", "regexp", "cat /srv/role/hosts");
        refused("- name: bad\n  replace: {path: /srv/role/hosts, regexp: 'a', encoding: latin-1}\n", "encoding", "cat /srv/role/hosts");
    }

    @Test
    void getentReadsFactsInCheckModeAndChangesNothing() throws Exception {
        String tasks = """
                - name: root
                  getent: {database: passwd, key: root}
                - name: show
                  debug: {msg: "shell={{ ansible_facts.getent_passwd['root'][5] }}"}
                - name: missing
                  getent: {database: group, key: no-such-group, fail_key: false}
                - name: show missing
                  debug: {msg: "missing={{ ansible_facts.getent_group['no-such-group'] is none }}"}
                """;
        for (String mode : new String[] {"--check", null}) {
            Bollard.Run run = mode == null ? play.run(null, tasks) : play.run(null, tasks, mode);
            assertEquals(0, run.code(), run.toString());
            assertEquals(0, run.changed("t1"), run.toString());
            assertTrue(run.toString().contains("shell=/bin/bash"), run.toString());
            assertTrue(run.toString().contains("missing=True"), run.toString());
        }
        assertEquals(0, play.run("verify", tasks).code());
        Bollard.Run fails = play.run(null, "- name: absent key\n  getent: {database: group, key: no-such-group}\n");
        assertEquals(2, fails.code(), fails.toString());
        assertTrue(fails.toString().contains("no-such-group is not in group"), fails.toString());
        refused("- name: bad\n  getent: {database: passwd, service: files}\n", "service", "true");
    }

    @Test
    void modprobeWritesAndCommentsOutTheBootConfiguration() throws Exception {
        String files = "cat /etc/modules-load.d/*.conf /etc/modprobe.d/*.conf 2>/dev/null; true";
        assertTrue(target.exec("test -d /sys/module/loop").ok(), "loop is in the kernel the tests run on");
        assertFalse(target.exec("test -d /sys/module/dummy").ok(), "dummy is not loaded");
        play.cycle("""
                - name: loop at boot
                  community.general.modprobe: {name: loop, params: max_loop=16, persistent: present}
                - name: no dummy
                  modprobe: {name: dummy, state: absent}
                """, files);
        assertEquals("loop", sh("cat /etc/modules-load.d/loop.conf"));
        assertEquals("options loop max_loop=16", sh("cat /etc/modprobe.d/loop.conf"));
        play.cycle("- name: loop not at boot\n  modprobe: {name: loop, persistent: absent}\n", files);
        assertEquals("#loop", sh("cat /etc/modules-load.d/loop.conf"));
        assertEquals("#options loop max_loop=16", sh("cat /etc/modprobe.d/loop.conf"));
        refused("- name: bad\n  modprobe: {name: loop, params: max_loop}\n", "params", files);
        refused("- name: bad\n  modprobe: {name: loop, persistent: yes-please}\n", "persistent", files);
    }

    @Test
    void systemdServiceIsSystemd() throws Exception {
        String units = "systemctl is-active roledemo; systemctl is-enabled roledemo; true";
        play.cycle("- name: demo\n  ansible.builtin.systemd_service: {name: roledemo, state: started, enabled: true}\n", units);
        assertEquals("active\nenabled", sh(units));
        play.cycle("- name: demo\n  systemd_service: {name: roledemo, state: stopped, enabled: false}\n", units);
        assertEquals("inactive\ndisabled", sh(units));
        refused("- name: bad\n  systemd_service: {name: roledemo, state: sleeping}\n", "state", units);
    }

    @Test
    void unarchiveUnpacksOnceAndAgainWhenAFileDiffers() throws Exception {
        String tree = "find /srv/role/dest /srv/role/dest2 -printf '%p %s %m %T@\\n' | sort";
        Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(dir.resolve("payload"));
        Files.writeString(dir.resolve("payload/local.txt"), "local\n");
        ProcessBuilder tar = new ProcessBuilder("tar", "-czf", dir.resolve("files/local.tar.gz").toString(), "-C", dir.toString(), "payload");
        assertEquals(0, tar.start().waitFor());
        String tasks = """
                - name: remote
                  unarchive: {src: /srv/role/app.tar.gz, dest: /srv/role/dest, remote_src: true, mode: "0750", exclude: ['app/sub/*']}
                - name: local
                  unarchive: {src: local.tar.gz, dest: /srv/role/dest2}
                """;
        play.cycle(tasks, tree);
        assertEquals("one", sh("cat /srv/role/dest/app/one.txt"));
        assertEquals("750", sh("stat -c %a /srv/role/dest/app/one.txt"));
        assertFalse(target.exec("test -e /srv/role/dest/app/sub/two.txt").ok(), "excluded");
        assertEquals("local", sh("cat /srv/role/dest2/payload/local.txt"));
        assertTrue(target.exec("echo changed > /srv/role/dest/app/one.txt").ok());
        Bollard.Run verify = play.run("verify", tasks);
        assertEquals(2, verify.code(), verify.toString());
        Bollard.Run fix = play.run(null, tasks);
        assertEquals(1, fix.changed("t1"), fix.toString());
        assertEquals("one", sh("cat /srv/role/dest/app/one.txt"));

        Bollard.Run creates = play.run(null, "- name: c\n  unarchive: {src: /srv/role/app.tar.gz, dest: /srv/role/zipdest, remote_src: true, creates: /srv/role}\n");
        assertEquals(0, creates.changed("t1"), creates.toString());
        Bollard.Run zip = play.run(null, "- name: z\n  unarchive: {src: /srv/role/fake.zip, dest: /srv/role/zipdest, remote_src: true}\n");
        assertEquals(2, zip.code(), zip.toString());
        assertTrue(zip.toString().contains("unzip is not installed"), zip.toString());
        refused("- name: bad\n  unarchive: {src: /srv/role/app.tar.gz, dest: /srv/role/dest, remote_src: maybe}\n", "remote_src", tree);
        Bollard.Run both = play.run(null, "- name: bad\n  unarchive: {src: /srv/role/app.tar.gz, dest: /srv/role/dest, include: [a], exclude: [b]}\n");
        assertTrue(both.code() != 0 && both.toString().contains("include or exclude, not both"), both.toString());
    }

    @Test
    void getUrlDownloadsOnTheHostWithChecksumAndCredentials() throws Exception {
        String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PAYLOAD));
        String files = "ls -la /srv/role/dl; cat /srv/role/dl/* 2>/dev/null; true";
        String tasks = """
                - name: public
                  get_url: {url: "%s/file.txt", dest: /srv/role/dl/, checksum: "sha256:%s", mode: "0640"}
                - name: private
                  get_url:
                    url: "%s/private/secret.txt"
                    dest: /srv/role/dl/secret.txt
                    url_username: deploy
                    url_password: s3cr3t-pw
                    headers: {X-Role: web}
                """.formatted(base, sum, base);
        Bollard.Run apply = play.cycle(tasks, files).apply();
        assertFalse(apply.toString().contains("s3cr3t-pw"), "the password is never printed");
        assertEquals(new String(PAYLOAD, StandardCharsets.UTF_8), target.exec("cat /srv/role/dl/file.txt").out());
        assertEquals("640", sh("stat -c %a /srv/role/dl/file.txt"));
        assertEquals(new String(PAYLOAD, StandardCharsets.UTF_8), target.exec("cat /srv/role/dl/secret.txt").out());
        synchronized (AUTH_SEEN) {
            assertTrue(AUTH_SEEN.stream().anyMatch(s -> s.endsWith("| web")), AUTH_SEEN.toString());
        }
        assertEquals("", sh("ls -a /srv/role/dl | grep bollard; true"), "no temporary file left");

        // a file with the wrong content is downloaded again; a wrong checksum fails and keeps dest
        assertTrue(target.exec("echo tampered > /srv/role/dl/file.txt").ok());
        assertEquals(2, play.run("verify", tasks).code());
        assertEquals(0, play.run(null, tasks).code());
        assertEquals(new String(PAYLOAD, StandardCharsets.UTF_8), target.exec("cat /srv/role/dl/file.txt").out());
        Bollard.Run wrong = play.run(null, "- name: w\n  get_url: {url: \"" + base + "/file.txt\", dest: /srv/role/dl/other.txt, checksum: \"sha256:"
                + "0".repeat(64) + "\"}\n");
        assertEquals(2, wrong.code(), wrong.toString());
        assertFalse(target.exec("test -e /srv/role/dl/other.txt").ok());
        refused("- name: bad\n  get_url: {url: \"" + base + "/file.txt\", dest: /srv/role/dl/x, checksum: \"sha256:abc\"}\n", "checksum", files);
    }
}
