package dev.bollard.testing.vm;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The apt cache proxy against a local stand-in mirror, spoken to over raw sockets the way apt does. */
class AptCacheProxyTest {

    private static final String DEB = "/debian/pool/main/j/jq/jq_1.6-2.1_amd64.deb";
    private static final String INDEX = "/debian/dists/bookworm/InRelease";

    @TempDir
    Path cache;

    private HttpServer mirror;
    private String mirrorHost;
    private final Map<String, AtomicInteger> mirrorRequests = new ConcurrentHashMap<>();
    private final byte[] debBytes = new byte[300_000];
    private AptCacheProxy proxy;

    @BeforeEach
    void startMirrorAndProxy() throws IOException {
        for (int i = 0; i < debBytes.length; i++) debBytes[i] = (byte) (i * 31 + 7);
        mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            mirrorRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                if (path.equals(DEB)) {
                    exchange.sendResponseHeaders(200, debBytes.length);
                    exchange.getResponseBody().write(debBytes);
                } else if (path.equals(INDEX)) {
                    byte[] body = "Origin: Debian\n".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Last-Modified", "Sat, 10 May 2025 09:00:00 GMT");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } else if (path.endsWith("truncated_1_amd64.deb")) {
                    exchange.sendResponseHeaders(200, 100_000);
                    exchange.getResponseBody().write(new byte[1000]);
                    exchange.getResponseBody().flush();
                    throw new IOException("the mirror dies mid-download, short of its Content-Length");
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        mirror.start();
        mirrorHost = "127.0.0.1:" + mirror.getAddress().getPort();
        proxy = AptCacheProxy.start(cache, Set.of(mirrorHost));
    }

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
        if (mirror != null) mirror.stop(0);
    }

    @Test
    void aDebIsFetchedOnceThenServedFromTheCacheOnAPipelinedConnection() throws IOException {
        List<Response> responses = exchange(get(DEB) + get(DEB), 2);

        for (Response response : responses) {
            assertEquals(200, response.status, response.toString());
            assertArrayEquals(debBytes, response.body);
            assertEquals(Integer.toString(debBytes.length), response.headers.get("content-length"));
        }
        assertEquals(1, mirrorRequests.get(DEB).get(), "the second request must come from the cache");
        assertEquals(1, proxy.misses());
        assertEquals(1, proxy.hits());
        assertEquals(List.of(DEB, DEB), proxy.debsServed());
        Path cached = cache.resolve(mirrorHost.replace(':', '_') + DEB);
        assertArrayEquals(debBytes, Files.readAllBytes(cached));
        assertTrue(proxy.summary().contains("1 .deb from the cache"), proxy.summary());
    }

    @Test
    void aCachedDebSurvivesANewProxy() throws IOException {
        exchange(get(DEB), 1);
        proxy.close();
        proxy = AptCacheProxy.start(cache, Set.of(mirrorHost));

        Response again = exchange(get(DEB), 1).get(0);

        assertArrayEquals(debBytes, again.body);
        assertEquals(1, mirrorRequests.get(DEB).get());
        assertEquals(1, proxy.hits());
    }

    @Test
    void indexFilesPassThroughUncachedWithTheirHeaders() throws IOException {
        List<Response> responses = exchange(get(INDEX) + get(INDEX), 2);

        for (Response response : responses) {
            assertEquals(200, response.status);
            assertEquals("Origin: Debian\n", new String(response.body, StandardCharsets.UTF_8));
            assertEquals("Sat, 10 May 2025 09:00:00 GMT", response.headers.get("last-modified"));
        }
        assertEquals(2, mirrorRequests.get(INDEX).get(), "index files must not be cached");
        assertFalse(Files.exists(cache.resolve(mirrorHost.replace(':', '_') + INDEX)));
        assertEquals(0, proxy.hits() + proxy.misses());
    }

    @Test
    void aMissingDebIsA404AndNothingIsCached() throws IOException {
        String missing = "/debian/pool/main/n/nope/nope_1_amd64.deb";
        Response response = exchange(get(missing), 1).get(0);

        assertEquals(404, response.status);
        assertEquals(0, proxy.misses());
        assertEquals(0, countFiles());
    }

    @Test
    void aDownloadCutShortLeavesNoFileInTheCache() throws IOException {
        Response response = exchange(get("/debian/pool/main/t/truncated/truncated_1_amd64.deb"), 1).get(0);

        assertEquals(502, response.status, response.toString());
        assertEquals(0, countFiles(), "neither a partial nor a complete file may stay behind");
        assertEquals(0, proxy.misses());
    }

    @Test
    void hostsOtherThanTheMirrorsAreRefused() throws IOException {
        String request = "GET http://example.invalid/debian/pool/main/j/jq/jq_1_amd64.deb HTTP/1.1\r\n"
                + "Host: example.invalid\r\n\r\n";
        List<Response> responses = exchange(request + get(INDEX), 2);

        assertEquals(403, responses.get(0).status);
        assertTrue(new String(responses.get(0).body, StandardCharsets.UTF_8).contains("example.invalid is not one of"));
        assertEquals(200, responses.get(1).status, "the connection stays usable after a refusal");
        assertEquals(Set.of(INDEX), mirrorRequests.keySet());
    }

    @Test
    void mirrorHostsComeFromTheHttpUrisOfADeb822File() {
        String sources = """
                Types: deb
                # http://snapshot.example/archive/debian/20250520T000000Z
                URIs: http://deb.example.org/debian
                Suites: bookworm bookworm-updates
                Components: main

                Types: deb
                URIs: http://Security.Example.org:8080/debian-security https://tls.example.org/debian
                Suites: bookworm-security
                Components: main
                """;
        assertEquals(Set.of("deb.example.org", "security.example.org:8080"), AptCacheProxy.mirrorHosts(sources));
    }

    private String get(String path) {
        return "GET http://" + mirrorHost + path + " HTTP/1.1\r\nHost: " + mirrorHost + "\r\nUser-Agent: Debian APT-HTTP/1.3\r\n\r\n";
    }

    private long countFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Writes all requests at once (pipelined, as apt does), then reads {@code count} responses off the one connection. */
    private List<Response> exchange(String requests, int count) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Response> responses = new ArrayList<>();
            for (int i = 0; i < count; i++) responses.add(Response.read(in));
            return responses;
        }
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {
        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            assertTrue(length != null || status == 304, () -> "every response needs a Content-Length: " + statusLine + headers);
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Response(status, headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) throw new IOException("connection closed mid-response");
                if (b != '\r') bytes.write(b);
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return status + " " + headers + " (" + body.length + " bytes)";
        }
    }
}
