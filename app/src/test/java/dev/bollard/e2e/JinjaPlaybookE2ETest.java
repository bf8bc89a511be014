package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ClassTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A playbook that uses every construct of Ansible's expression language Bollard takes, over SSH
 * on a host with systemd: check changes nothing, apply writes what Ansible would, a re-run
 * changes nothing, verify holds.
 */
class JinjaPlaybookE2ETest {
    @RegisterExtension
    static final ClassTarget target = ClassTarget.systemd();

    @TempDir
    Path dir;

    private Bollard.Run run(String action, Path inv, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>();
        if (action != null) args.add(action);
        args.addAll(java.util.List.of(dir.resolve("site.yml").toString(), "-i", inv.toString(), "--json", "--host-key-policy", "off"));
        args.addAll(java.util.List.of(more));
        return Bollard.run(args.toArray(String[]::new));
    }

    @Test
    void checkApplyConvergeVerify() throws Exception {
        Bollard.resources("jinja", dir);
        Path inv = Bollard.inventory(dir, "deploy", target.get());

        Bollard.Run check = run(null, inv, "--check", "--diff");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.changed("t1") >= 8, check.toString());
        assertTrue(target.get().exec("test ! -e /opt/demo-app").ok(), "check mode created the root folder");

        Bollard.Run apply = run(null, inv);
        assertEquals(0, apply.code(), apply.toString());
        assertEquals("""
                #
                # Managed by Bollard
                #
                [app]
                name = Demo-App
                root = /opt/demo-app
                port = 8080
                debug = True
                workers = 8
                user1 = alice
                user2 = bob
                  debug: true
                  port: 8080
                  workers: 4
                services:
                  ["web", "db"]
                raw = {{ not rendered }}
                """, target.get().exec("cat /opt/demo-app/app.conf").out());
        assertEquals("{\n    \"debug\": true,\n    \"port\": 8080,\n    \"workers\": 4\n}\n", target.get().exec("cat /opt/demo-app/settings.json").out());
        assertEquals("0 alice ALICE YWxpY2U=\n1 bob BOB Ym9i\n", target.get().exec("cat /opt/demo-app/users").out());
        assertEquals("web=80\ndb=5432\n", target.get().exec("cat /opt/demo-app/services").out());
        assertTrue(target.get().exec("grep -qx 'ports: 80' /opt/demo-app/block && grep -qx 'kernel: Linux' /opt/demo-app/block").ok());
        assertEquals("1.10.2 is recent\n", target.get().exec("cat /opt/demo-app/recent").out());
        assertTrue(target.get().exec("test ! -e /opt/demo-app/never").ok());
        assertEquals("file=welcome\nfirst=motd.txt\nvars=Demo-App\ntemplate=line for Demo-App\n", target.get().exec("cat /opt/demo-app/lookups").out());
        assertEquals("t1 t1 t1 1 1 deploy\n", target.get().exec("cat /opt/demo-app/play").out());
        assertEquals("users", apply.task("One line per user (2 users)").isEmpty() ? "missing" : "users", "the name is rendered");

        Bollard.Run again = run(null, inv);
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, again.changed("t1"), again.toString());

        Bollard.Run verify = run("verify", inv);
        assertEquals(0, verify.code(), verify.toString());
    }
}
