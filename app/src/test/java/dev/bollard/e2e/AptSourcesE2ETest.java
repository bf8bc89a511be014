package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.PlaybookCycle;
import dev.bollard.testing.SshTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt_key, apt_repository, deb822_repository and package over SSH on one systemd container,
 * against a local file: repository with a package the image does not have. The repository is
 * signed with a key made here by gpg on this side (the image has gpgv for apt, but no gpg), or,
 * where this side has no gpg, marked trusted. Each cycle: check changes nothing, apply, apply
 * again with nothing to do, verify; and a bad argument of each module fails before the host is touched.
 */
class AptSourcesE2ETest {
    private static final String REPO = "/srv/signed";
    private static final String PKG = "bollard-repo-demo";
    private static SshTarget target;
    private static Path gnupg;
    /** The repository's public key, armored, and its fingerprint; null when this side cannot sign. */
    private static String publicKey;
    private static String fingerprint;

    @TempDir
    Path dir;
    private PlaybookCycle play;

    @BeforeAll
    static void start() throws Exception {
        target = SshTarget.systemd();
        SshTarget.ExecResult built = target.exec(String.join("\n",
                "set -e",
                "mkdir -p " + REPO + " /srv/keys",
                "d=/tmp/pkg; mkdir -p $d/DEBIAN $d/usr/bin",
                "printf 'Package: " + PKG + "\\nVersion: 1.0-1\\nArchitecture: all\\nMaintainer: Test <test@example.org>\\nDescription: demo\\n' > $d/DEBIAN/control",
                "printf '#!/bin/sh\\necho repo\\n' > $d/usr/bin/" + PKG + "; chmod 755 $d/usr/bin/" + PKG,
                "dpkg-deb -Zgzip --root-owner-group --build $d " + REPO + "/" + PKG + "_1.0-1_all.deb >/dev/null",
                "cd " + REPO,
                "for f in *.deb; do dpkg-deb -f $f; echo \"Filename: ./$f\"; echo \"Size: $(stat -c %s $f)\"; echo \"SHA256: $(sha256sum $f | cut -d' ' -f1)\"; echo; done > Packages",
                "rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*",
                "apt-get update -q >/dev/null"));
        assertEquals(0, built.rc(), built.out() + built.err());
        if (hasGpg()) sign();
    }

    private static boolean hasGpg() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String gpg(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", gnupg.toString(), "--batch", "--quiet",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gpg " + args[0] + " failed");
        return out;
    }

    /** A key made here signs a Release file of the repository (InRelease), and is served as a file on the target. */
    private static void sign() throws Exception {
        gnupg = Files.createTempDirectory("bollard-gpg");
        gpg(null, "--quick-gen-key", "Bollard Repo Test <repo@bollard.test>", "ed25519", "sign", "never");
        publicKey = gpg(null, "--armor", "--export");
        for (String line : gpg(null, "--with-colons", "--fingerprint").split("\n")) {
            if (line.startsWith("fpr:") && fingerprint == null) fingerprint = line.split(":")[9];
        }
        String packages = target.exec("cat " + REPO + "/Packages").out();
        byte[] bytes = packages.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String release = "Origin: Bollard Test\nLabel: Bollard Test\nSuite: stable\nCodename: stable\nDate: "
                + ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT))
                + "\nArchitectures: all\nSHA256:\n " + sha + " " + bytes.length + " Packages\n";
        String inRelease = gpg(release, "--clearsign", "--digest-algo", "SHA512", "-o", "-");
        SshTarget.ExecResult put = target.exec("cat > " + REPO + "/InRelease <<'BOLLARD_EOF'\n" + inRelease + "BOLLARD_EOF\n"
                + "cat > /srv/keys/repo.asc <<'BOLLARD_EOF'\n" + publicKey + "BOLLARD_EOF\n");
        assertEquals(0, put.rc(), put.err());
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) target.close();
        if (gnupg != null) {
            new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "all").start().waitFor(30, TimeUnit.SECONDS);
            try (var files = Files.walk(gnupg)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void play() {
        play = new PlaybookCycle(target, dir);
    }

    private static final String HOST_STATE = "ls /etc/apt/keyrings /etc/apt/sources.list.d /etc/apt/trusted.gpg.d; "
            + "cat /etc/apt/sources.list.d/* 2>/dev/null; dpkg-query -W " + PKG + " 2>&1; ls -l --time-style=+%s /var/lib/apt/lists";

    private String sh(String command) {
        return target.exec(command).out().strip();
    }

    private static String signedBy(String keyring) {
        return publicKey != null ? "signed-by=" + keyring : "trusted=yes";
    }

    @Test
    void aKeyFromAUrlAOneLineSourceAndAPackageOnlyItHas() throws Exception {
        String keyring = "/etc/apt/keyrings/bollard-test.asc";
        String line = "deb [" + signedBy(keyring) + "] file:" + REPO + " ./";
        String key = publicKey == null ? "" : """
                - name: the repository's key
                  apt_key:
                    url: file:///srv/keys/repo.asc
                    id: %s
                    keyring: %s
                """.formatted(fingerprint, keyring);
        String tasks = key + """
                - name: the source
                  apt_repository:
                    repo: %s
                - name: the package only it has
                  package:
                    name: %s
                    state: present
                """.formatted(line, PKG);
        Bollard.Run check = play.cycle(tasks, HOST_STATE).check();
        assertTrue(check.toString().contains(PKG + " is not in the package lists yet; a source added earlier in this run would provide it: " + line),
                check.toString());
        assertEquals(line, sh("cat /etc/apt/sources.list.d/file_srv_signed.list"));
        assertTrue(sh("dpkg-query -W " + PKG).endsWith("1.0-1"));
        if (publicKey != null) assertEquals(publicKey.strip(), sh("cat " + keyring));

        // a key on the target and the default keyring; a second source line next to the first
        if (publicKey != null) {
            String trusted = """
                    - name: trusted everywhere
                      apt_key:
                        file: /srv/keys/repo.asc
                    """;
            play.cycle(trusted, HOST_STATE);
            String longId = fingerprint.substring(24);
            assertEquals(publicKey.strip(), sh("cat /etc/apt/trusted.gpg.d/" + longId + ".asc"));
            play.cycle("""
                    - name: untrusted again
                      apt_key:
                        id: %s
                        state: absent
                    """.formatted(longId), HOST_STATE);
            assertEquals("gone", sh("test -e /etc/apt/trusted.gpg.d/" + longId + ".asc || echo gone"));
        }

        // all removed again: package, source (its file left empty is removed), key
        String remove = """
                - name: the package removed
                  package:
                    name: %s
                    state: absent
                - name: the source removed
                  apt_repository:
                    repo: "%s"
                    state: absent
                """.formatted(PKG, line.replace("[", "[ ").replace("]", " ]"))
                + (publicKey == null ? "" : """
                - name: the key removed
                  apt_key:
                    id: %s
                    keyring: %s
                    state: absent
                """.formatted(fingerprint.substring(32), keyring));
        play.cycle(remove, HOST_STATE);
        assertEquals("gone", sh("test -e /etc/apt/sources.list.d/file_srv_signed.list || test -e " + keyring + " || echo gone"));
        assertTrue(sh("dpkg-query -W -f='${Status}' " + PKG + " 2>&1").contains("not-installed") || !sh("dpkg -s " + PKG + " 2>&1").contains("Status: install ok"));
    }

    @Test
    void aDeb822SourceWithItsKeyInline() throws Exception {
        String signed = publicKey != null ? "signed_by: |\n" + publicKey.strip().indent(4) : "trusted: true\n";
        String tasks = """
                - name: the deb822 source
                  deb822_repository:
                    name: Bollard Signed
                    uris: file:%s
                    suites: ./
                """.formatted(REPO) + signed.indent(4);
        play.cycle(tasks, HOST_STATE);
        String file = sh("cat /etc/apt/sources.list.d/bollard-signed.sources");
        assertTrue(file.startsWith(publicKey != null ? "X-Repolib-Name: Bollard Signed\nSigned-By:\n    -----BEGIN PGP PUBLIC KEY BLOCK-----\n    .\n"
                : "X-Repolib-Name: Bollard Signed\nSuites: ./\nTrusted: yes\n"), file);
        assertTrue(file.endsWith("Suites: ./\nTypes: deb\nURIs: file:" + REPO), file);
        assertEquals("-rw-r--r--", sh("stat -c %A /etc/apt/sources.list.d/bollard-signed.sources"));
        // apt takes the file as written: its lists now have the package, signature checked
        SshTarget.ExecResult update = target.exec("apt-get update 2>&1 && apt-cache policy " + PKG);
        assertEquals(0, update.rc(), update.out());
        assertTrue(update.out().contains("Candidate: 1.0-1"), update.out());
        assertTrue(!update.out().contains("W:") && !update.out().contains("E:"), update.out());
        play.cycle("""
                - name: the deb822 source removed
                  deb822_repository:
                    name: Bollard Signed
                    state: absent
                """, HOST_STATE);
        assertEquals("gone", sh("test -e /etc/apt/sources.list.d/bollard-signed.sources || echo gone"));
        if (publicKey == null) return;

        // signed_by as a URL: the key downloaded on the host to /etc/apt/keyrings, as Ansible does
        play.cycle("""
                - name: the deb822 source, its key from a URL
                  ansible.builtin.deb822_repository:
                    name: Bollard By Url
                    uris: file:%s
                    suites: ./
                    signed_by: file:///srv/keys/repo.asc
                """.formatted(REPO), HOST_STATE);
        assertEquals(publicKey.strip(), sh("cat /etc/apt/keyrings/bollard-by-url.asc"));
        assertTrue(sh("cat /etc/apt/sources.list.d/bollard-by-url.sources").contains("Signed-By: /etc/apt/keyrings/bollard-by-url.asc\n"));
        SshTarget.ExecResult byUrl = target.exec("apt-get update 2>&1 && apt-cache policy " + PKG);
        assertTrue(byUrl.rc() == 0 && byUrl.out().contains("Candidate: 1.0-1") && !byUrl.out().contains("W:"), byUrl.out());
        play.cycle("""
                - name: the deb822 source and its key removed
                  deb822_repository:
                    name: Bollard By Url
                    state: absent
                """, HOST_STATE);
        assertEquals("gone", sh("test -e /etc/apt/sources.list.d/bollard-by-url.sources || test -e /etc/apt/keyrings/bollard-by-url.asc || echo gone"));
        assertEquals(0, target.exec("apt-get update -q").rc());
    }

    @Test
    void badArgumentsFailBeforeTheHostIsTouched() throws Exception {
        String before = sh(HOST_STATE);
        String[][] cases = {
                {"package: {name: jq, state: present, use: yum}", "'use: yum' is not available in Bollard"},
                {"apt_key: {url: 'file:///srv/keys/repo.asc', id: nothex}", "'id' must be a key id"},
                {"apt_repository: {repo: 'ppa:deadsnakes/ppa'}", "Ubuntu PPA"},
                {"deb822_repository: {name: x, uris: 'file:/srv/x', suites: ./, types: rpm}", "'types' must be deb or deb-src"},
                {"pip: {name: requests}", "module pip is not available in Bollard: install Python packages from Debian"},
        };
        for (String[] c : cases) {
            Bollard.Run r = play.run(null, "- name: bad\n  " + c[0] + "\n");
            assertNotEquals(0, r.code(), r.toString());
            assertTrue(r.toString().contains(c[1]), c[0] + " -> " + r);
        }
        assertEquals(before, sh(HOST_STATE));
    }
}
