package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.FaultRecord;
import dev.bollard.testing.SshTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts that cannot be worked on, for each of the reasons met in the field, in one run: each gets
 * one line saying why, the good host is provisioned, and the run exits 3.
 */
class ConnectionErrorsE2ETest {
    private static SshTarget good;
    private static SshTarget rekeyed;
    private ServerSocket http;
    private ServerSocket silent;
    private String home;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        good = SshTarget.sshd();
        rekeyed = SshTarget.sshd();
    }

    @AfterAll
    static void stop() {
        if (good != null) good.close();
        if (rekeyed != null) rekeyed.close();
    }

    /** A web server where an SSH server is expected: it answers every connection with an HTTP error. */
    @BeforeEach
    void startHttp() throws IOException {
        http = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!http.isClosed()) {
                try (Socket s = http.accept(); OutputStream o = s.getOutputStream()) {
                    o.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }, "http-400");
        t.setDaemon(true);
        t.start();
        // and one that accepts connections and never says a word
        silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread quiet = new Thread(() -> {
            List<Socket> held = new java.util.ArrayList<>();
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }, "silent");
        quiet.setDaemon(true);
        quiet.start();
        home = System.getProperty("user.home");
        System.setProperty("user.home", dir.toString());
    }

    @AfterEach
    void stopHttp() throws IOException {
        http.close();
        silent.close();
        System.setProperty("user.home", home);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void eachHostThatCannotBeReachedGetsOneLineAndTheOthersAreProvisioned() throws Exception {
        Path known = dir.resolve(".ssh/known_hosts");
        Files.createDirectories(known.getParent());
        Path book = dir.resolve("site.yml");
        Files.writeString(book, """
                - hosts: all
                  become: true
                  tasks:
                    - copy:
                        dest: /etc/provisioned
                        content: "yes\\n"
                """);
        Path first = dir.resolve("first.yml");
        Files.writeString(first, "all:\n  vars:\n    ansible_become: true\n  hosts:\n" + good.inventoryEntry("good", "deploy")
                + rekeyed.inventoryEntry("rekeyed", "deploy"));
        Bollard.Run recorded = Bollard.run(book.toString(), "-i", first.toString(), "--host-key-policy", "accept-new");
        assertEquals(0, rekeyed.exec("rm /etc/provisioned").rc(), recorded.toString());
        good.exec("rm /etc/provisioned");
        // the host was rebuilt (or someone is in the middle): its key is not the one recorded
        rekeyed.exec("rm /etc/ssh/ssh_host_*; ssh-keygen -A; kill -HUP 1");
        awaitGreeting(rekeyed.host(), rekeyed.port());

        Path inv = dir.resolve("inventory.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_become: true\n  hosts:\n" + good.inventoryEntry("good", "deploy")
                + rekeyed.inventoryEntry("rekeyed", "deploy")
                + "    web:\n      ansible_host: 127.0.0.1\n      ansible_port: " + http.getLocalPort() + "\n"
                + "    typo:\n      ansible_host: nohost.invalid\n"
                + "    down:\n      ansible_host: 127.0.0.1\n      ansible_port: " + closedPort() + "\n"
                + "    mute:\n      ansible_host: 127.0.0.1\n      ansible_port: " + silent.getLocalPort() + "\n");
        long start = System.currentTimeMillis();
        Bollard.Run run = Bollard.run(book.toString(), "-i", inv.toString(), "--json", "--connect-timeout", "5");
        System.out.println("[ConnectionErrorsE2ETest] one run, six hosts: " + (System.currentTimeMillis() - start) + " ms");
        assertEquals(3, run.code(), run.toString());
        Map<String, String> why = new TreeMap<>();
        run.events().stream().filter(e -> "unreachable".equals(e.path("status").asText()))
                .forEach(e -> why.put(e.path("host").asText(), e.path("msg").asText()));
        assertEquals(List.of("down", "mute", "rekeyed", "typo", "web"), List.copyOf(why.keySet()), why.toString());
        why.values().forEach(m -> assertTrue(!m.contains("\n"), "one line: " + m));
        assertTrue(why.get("rekeyed").startsWith("host key for [" + rekeyed.host() + "]:" + rekeyed.port() + " has changed (now SHA256:"),
                why.get("rekeyed"));
        assertEquals("cannot connect to 127.0.0.1:" + http.getLocalPort() + ": not an SSH server (it answered: HTTP/1.1 400 Bad Request)",
                why.get("web"));
        assertEquals("cannot connect to nohost.invalid:22: the host name does not resolve (DNS); check ansible_host in the inventory",
                why.get("typo"));
        assertTrue(why.get("down").matches("cannot connect to 127\\.0\\.0\\.1:\\d+: connection refused"), why.get("down"));
        assertEquals("cannot connect to 127.0.0.1:" + silent.getLocalPort() + ": no SSH greeting and key exchange within 5 s (the connect "
                + "timeout); is it an SSH server?", why.get("mute"));
        assertTrue(System.currentTimeMillis() - start < 60_000, "no host held the run");
        assertEquals(1, run.recap("good").path("changed").asInt(), run.toString());
        assertEquals("yes\n", good.exec("cat /etc/provisioned").out());
        long took = System.currentTimeMillis() - start;
        Map<String, String> faults = Map.of("rekeyed", "host key changed since the last run", "web", "not an SSH server on the port",
                "typo", "a host name that does not resolve", "down", "a port that refuses", "mute", "a server that accepts and never speaks (-T 5)");
        faults.forEach((host, fault) -> FaultRecord.write(fault, "unreachable: [" + host + "] " + why.get(host), run.code(),
                "untouched; the other host provisioned", "-", took));
    }

    /** sshd re-executes itself on SIGHUP: a connection in that moment is reset, which is not what this test is about. */
    private static void awaitGreeting(String host, int port) throws Exception {
        Thread.sleep(500);
        long until = System.currentTimeMillis() + 15_000;
        while (true) {
            try (java.net.Socket s = new java.net.Socket(host, port)) {
                s.setSoTimeout(2000);
                byte[] b = new byte[4];
                if (s.getInputStream().readNBytes(b, 0, 4) == 4 && new String(b, java.nio.charset.StandardCharsets.US_ASCII).equals("SSH-")) return;
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > until) throw e;
            }
            if (System.currentTimeMillis() > until) throw new IllegalStateException("sshd on " + host + ":" + port + " did not greet again");
            Thread.sleep(200);
        }
    }
}
