package dev.bollard.testing.vm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A caching HTTP forward proxy for apt in the test VM, so packages a bare guest installs are downloaded
 * once per machine rather than once per run, while the image itself stays bare.
 *
 * <p>It listens on 127.0.0.1, which QEMU's user network shows the guest as {@code 10.0.2.2}. It forwards
 * only to the given mirror hosts (by default those of this machine's
 * {@code /etc/apt/sources.list.d/debian.sources}) and refuses anything else with 403. Only {@code .deb}
 * files under {@code pool/} are cached, under {@code cacheDir/HOST/PATH}: they never change once
 * published, whereas index files (InRelease, Packages, ...) do, so those pass through uncached.
 * A download is written to a temporary file and renamed into place only once complete, so a killed run
 * never leaves a truncated package in the cache.
 *
 * <p>apt speaks HTTP/1.1 with keep-alive and pipelining: requests on one connection are answered in order,
 * each with a Content-Length, so a pipelined request just waits in the input buffer.
 */
public final class AptCacheProxy implements AutoCloseable {

    /** The machine's apt sources, where the mirror hosts come from. */
    public static final Path DEBIAN_SOURCES = Path.of("/etc/apt/sources.list.d/debian.sources");

    /** Response headers of the mirror that apt may use, handed on as they are. */
    private static final List<String> PASSED_RESPONSE_HEADERS = List.of(
            "content-type", "last-modified", "etag", "content-range", "accept-ranges", "cache-control", "expires", "date");
    /** Request headers of apt handed on to the mirror (conditional and range requests for index files). */
    private static final List<String> PASSED_REQUEST_HEADERS = List.of(
            "if-modified-since", "if-none-match", "range", "if-range", "cache-control", "accept", "user-agent");
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final ServerSocket server;
    private final Path cacheDir;
    private final Set<String> hosts;
    private final HttpClient upstream;
    private final ExecutorService workers;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> debsServed = new ConcurrentLinkedQueue<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong passedThrough = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bytesFromCache = new AtomicLong();
    private final AtomicLong bytesFromMirror = new AtomicLong();
    private volatile boolean closed;

    private AptCacheProxy(ServerSocket server, Path cacheDir, Set<String> hosts) {
        this.server = server;
        this.cacheDir = cacheDir;
        this.hosts = hosts;
        this.upstream = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.workers = Executors.newCachedThreadPool(daemon("apt-cache-proxy"));
        Thread acceptor = daemon("apt-cache-proxy-accept").newThread(this::acceptLoop);
        acceptor.start();
    }

    /** A proxy for the mirrors of this machine's {@link #DEBIAN_SOURCES}, caching into {@code cacheDir}. */
    public static AptCacheProxy forMachineMirrors(Path cacheDir) {
        String sources;
        try {
            sources = Files.readString(DEBIAN_SOURCES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEBIAN_SOURCES + " to learn which Debian mirrors apt may reach", e);
        }
        Set<String> hosts = mirrorHosts(sources);
        if (hosts.isEmpty()) {
            throw new IllegalStateException("no http URIs: in " + DEBIAN_SOURCES + "; the apt cache has no mirror to forward to");
        }
        return start(cacheDir, hosts);
    }

    /**
     * A proxy on a free port of 127.0.0.1 forwarding to {@code hosts} only ({@code name} for port 80,
     * {@code name:port} otherwise).
     */
    public static AptCacheProxy start(Path cacheDir, Set<String> hosts) {
        try {
            Files.createDirectories(cacheDir);
            removePartials(cacheDir);
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Set<String> lower = new LinkedHashSet<>();
            for (String host : hosts) lower.add(host.toLowerCase(Locale.ROOT));
            return new AptCacheProxy(server, cacheDir, Set.copyOf(lower));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the apt cache proxy in " + cacheDir, e);
        }
    }

    /** Downloads a killed run left unfinished: never served, so only clutter. */
    private static void removePartials(Path cacheDir) throws IOException {
        try (var files = Files.walk(cacheDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(".partial-")) Files.deleteIfExists(file);
            }
        }
    }

    /** The hosts ({@code name} or {@code name:port}) of the http {@code URIs:} in a deb822 sources file. */
    static Set<String> mirrorHosts(String deb822) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String line : deb822.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.toLowerCase(Locale.ROOT).startsWith("uris:")) continue;
            for (String uri : trimmed.substring("uris:".length()).trim().split("\\s+")) {
                try {
                    URI parsed = new URI(uri);
                    if ("http".equalsIgnoreCase(parsed.getScheme()) && parsed.getHost() != null) {
                        hosts.add(hostKey(parsed));
                    }
                } catch (URISyntaxException ignored) {
                    // not a URI apt could use either
                }
            }
        }
        return hosts;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The apt configuration line that sends a guest's http downloads here, given how the guest sees this host. */
    public String aptConfig(String hostAsSeenByGuest) {
        return "Acquire::http::Proxy \"http://" + hostAsSeenByGuest + ":" + port() + "/\";";
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** .deb files served from the cache. */
    public long hits() {
        return hits.get();
    }

    /** .deb files fetched from the mirror (and cached). */
    public long misses() {
        return misses.get();
    }

    /** The URL paths of every .deb served, from the cache or the mirror, in order. */
    public List<String> debsServed() {
        return List.copyOf(debsServed);
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "apt cache on 127.0.0.1:%d: %d .deb from the cache (%s), %d fetched from the mirror (%s), "
                        + "%d index requests passed through, %d refused",
                port(), hits.get(), mib(bytesFromCache.get()), misses.get(), mib(bytesFromMirror.get()),
                passedThrough.get(), refused.get());
    }

    /** Stops listening, drops open connections and logs the summary. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : connections) closeQuietly(socket);
        workers.shutdownNow();
        log(summary());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) log("accept failed, no longer serving: " + e.getMessage());
                return;
            }
            connections.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                connections.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) return;
                boolean keepAlive = handle(request, out) && request.keepAlive();
                out.flush();
                if (!keepAlive) return;
            }
        } catch (IOException | InterruptedException e) {
            // the guest closed the connection, timed out, or the proxy is closing
        } finally {
            connections.remove(socket);
        }
    }

    /** Answers one request; false when the connection must close afterwards. */
    private boolean handle(Request request, OutputStream out) throws IOException, InterruptedException {
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            refused.incrementAndGet();
            plain(out, 405, "Method Not Allowed", "only GET and HEAD go through the apt cache\n", head);
            return false;
        }
        URI uri;
        try {
            uri = new URI(request.target());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            refused.incrementAndGet();
            plain(out, 400, "Bad Request", "a proxy request needs an absolute http:// URL, not " + request.target() + "\n", head);
            return true;
        }
        String host = hostKey(uri);
        if (!hosts.contains(host)) {
            refused.incrementAndGet();
            log("refused " + request.target() + ": " + host + " is not one of this machine's Debian mirrors " + hosts);
            plain(out, 403, "Forbidden", host + " is not one of this machine's Debian mirrors (" + DEBIAN_SOURCES + ")\n", head);
            return true;
        }
        Path cached = cachePath(host, uri.getPath());
        if (cached != null) {
            return serveDeb(request, uri, cached, out, head);
        }
        passedThrough.incrementAndGet();
        return passThrough(request, uri, out, head);
    }

    /** Where a pool/ .deb is cached, or null when the path is not one (or tries to leave the cache). */
    private Path cachePath(String host, String path) {
        if (path == null || !path.contains("/pool/") || !path.endsWith(".deb")) return null;
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.indexOf('\0') >= 0) return null;
        }
        Path hostDir = cacheDir.resolve(host.replace(':', '_'));
        Path file = hostDir.resolve(path.substring(1)).normalize();
        return file.startsWith(hostDir) ? file : null;
    }

    private boolean serveDeb(Request request, URI uri, Path cached, OutputStream out, boolean head)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(cached)) {
            HttpResponse<InputStream> response = upstream.send(
                    HttpRequest.newBuilder(uri).timeout(IDLE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                passedThrough.incrementAndGet();
                return relay(response, out, head);
            }
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            Files.createDirectories(cached.getParent());
            Path partial = Files.createTempFile(cached.getParent(), ".partial-", ".deb");
            try {
                long copied;
                try (InputStream body = response.body()) {
                    copied = Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                if (length >= 0 && copied != length) {
                    throw new IOException("the mirror sent " + copied + " of " + length + " bytes of " + uri);
                }
                move(partial, cached);
                misses.incrementAndGet();
                bytesFromMirror.addAndGet(copied);
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                log("fetching " + uri + " failed: " + e.getMessage());
                plain(out, 502, "Bad Gateway", "fetching " + uri + " from the mirror failed: " + e.getMessage() + "\n", head);
                return false;
            }
        } else {
            hits.incrementAndGet();
            bytesFromCache.addAndGet(Files.size(cached));
        }
        debsServed.add(uri.getPath());
        long size = Files.size(cached);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/vnd.debian.binary-package");
        headers.put("Content-Length", Long.toString(size));
        writeHead(out, 200, "OK", headers, request.keepAlive());
        if (!head) Files.copy(cached, out);
        return true;
    }

    private boolean passThrough(Request request, URI uri, OutputStream out, boolean head)
            throws IOException, InterruptedException {
        HttpRequest.Builder forward = HttpRequest.newBuilder(uri).timeout(IDLE_TIMEOUT)
                .method(request.method(), HttpRequest.BodyPublishers.noBody());
        for (String name : PASSED_REQUEST_HEADERS) {
            String value = request.headers().get(name);
            if (value != null) forward.header(name, value);
        }
        HttpResponse<InputStream> response;
        try {
            response = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log("fetching " + uri + " failed: " + e.getMessage());
            plain(out, 502, "Bad Gateway", "fetching " + uri + " from the mirror failed: " + e.getMessage() + "\n", head);
            return false;
        }
        return relay(response, out, head);
    }

    /** Hands a mirror's response on as it is, with a Content-Length (read whole when the mirror sent none). */
    private boolean relay(HttpResponse<InputStream> response, OutputStream out, boolean head) throws IOException {
        int status = response.statusCode();
        boolean bodyless = head || status == 304 || status == 204 || status < 200;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED_RESPONSE_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
        }
        try (InputStream body = response.body()) {
            if (bodyless) {
                if (head) response.headers().firstValue("content-length").ifPresent(v -> headers.put("Content-Length", v));
                writeHead(out, status, reason(status), headers, true);
                return true;
            }
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            if (length < 0) {
                byte[] all = body.readAllBytes();
                headers.put("Content-Length", Integer.toString(all.length));
                writeHead(out, status, reason(status), headers, true);
                out.write(all);
                return true;
            }
            headers.put("Content-Length", Long.toString(length));
            writeHead(out, status, reason(status), headers, true);
            long copied = body.transferTo(out);
            // A short body would leave apt waiting for the rest: close the connection instead.
            return copied == length;
        }
    }

    private static void plain(OutputStream out, int status, String reason, String text, boolean head) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Content-Length", Integer.toString(body.length));
        writeHead(out, status, reason, headers, true);
        if (!head) out.write(body);
    }

    private static void writeHead(OutputStream out, int status, String reason, Map<String, String> headers, boolean keepAlive)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void move(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String hostKey(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 || uri.getPort() == 80 ? host : host + ":" + uri.getPort();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 304 -> "Not Modified";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 416 -> "Range Not Satisfiable";
            default -> "Status " + status;
        };
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void log(String line) {
        System.err.println("[vm] " + line);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One request as apt sends it: request line and headers; GET and HEAD have no body. */
    private record Request(String method, String target, String version, Map<String, String> headers) {

        /** The next request on the connection, or null when the client closed it between requests. */
        static Request read(InputStream in) throws IOException {
            String line = readLine(in);
            while (line != null && line.isEmpty()) line = readLine(in); // tolerated before a request line
            if (line == null) return null;
            String[] parts = line.split(" ");
            if (parts.length != 3) throw new IOException("malformed request line: " + line);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                int colon = header.indexOf(':');
                if (colon > 0) headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            if (headers.containsKey("content-length") && !headers.get("content-length").equals("0")
                    || headers.containsKey("transfer-encoding")) {
                throw new IOException("request with a body: " + line);
            }
            return new Request(parts[0], parts[1], parts[2], headers);
        }

        boolean keepAlive() {
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            if (connection.contains("close")) return false;
            return !version.equals("HTTP/1.0") || connection.contains("keep-alive");
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) != -1 && b != '\n') {
                    if (line.size() > 16 * 1024) throw new IOException("request line or header too long");
                    line.write(b);
                }
            } catch (SocketException e) {
                if (line.size() == 0) return null;
                throw e;
            }
            if (b == -1 && line.size() == 0) return null;
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }

    /** Runs a proxy by hand: {@code AptCacheProxy CACHE_DIR}; prints PORT= and serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: AptCacheProxy CACHE_DIR");
            System.exit(2);
        }
        AptCacheProxy proxy = forMachineMirrors(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        System.out.println("PORT=" + proxy.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
