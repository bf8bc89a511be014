package dev.bollard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's chromium, headless, driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: one page, its console messages, exceptions and log errors collected from the
 * start, script evaluation, real mouse clicks and screenshots. No driver binary, so no driver to
 * keep at the browser's version.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long TIMEOUT_S = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private String session;

    private HeadlessChromium(Process process, Path profile, URI endpoint) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, new Listener()).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Starts chromium with a window of this size and opens one blank page, its console watched. */
    public static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("bollard-chromium");
        List<String> cmd = List.of(BrowserGuard.chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        List<String> said = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    said.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) endpoint.complete(m.group(1));
                }
            } catch (IOException ignored) {
                // the process ended
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium ended without a DevTools endpoint:\n" + String.join("\n", said)));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            HeadlessChromium c = new HeadlessChromium(p, profile, URI.create(endpoint.get(TIMEOUT_S, TimeUnit.SECONDS)));
            c.openPage(width, height);
            return c;
        } catch (Exception e) {
            destroy(p);
            throw e;
        }
    }

    private void openPage(int width, int height) throws Exception {
        String target = browser("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        session = browser("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Page")) send(domain + ".enable", Map.of());
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Opens a URL in the page and waits for its load event. */
    public void open(String url) throws Exception {
        CompletableFuture<JsonNode> loaded = await("Page.loadEventFired");
        JsonNode r = send("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) throw new IllegalStateException("cannot open " + url + ": " + r.path("errorText").asText());
        loaded.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** The value of a script run in the page (a promise is awaited); an exception it throws fails the test's step. */
    public JsonNode eval(String script) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", script, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("the script failed: " + r.path("exceptionDetails") + "\n" + script);
        return r.path("result").path("value");
    }

    /** Clicks with the mouse, as a person would, in the middle of the first element {@code selector} matches. */
    public void click(String selector) throws Exception {
        JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + ");"
                + " if (!e) throw new Error('nothing matches ' + " + JSON.writeValueAsString(selector) + ");"
                + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width}; })()");
        if (box.path("w").asDouble() <= 0) throw new IllegalStateException(selector + " is not shown, so it cannot be clicked");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.path("x").asDouble(), "y", box.path("y").asDouble(), "button", "left",
                    "clickCount", 1));
        }
    }

    /** A PNG of the whole page (not only the window), written to {@code file}. */
    public void screenshot(Path file) throws Exception {
        JsonNode data = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", eval("document.documentElement.scrollWidth").asDouble(),
                        "height", eval("document.documentElement.scrollHeight").asDouble(), "scale", 1)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data.path("data").asText()));
    }

    /** Console errors and warnings, uncaught exceptions and the browser's own error log of the page, in order. */
    public List<String> problems() {
        return new ArrayList<>(problems);
    }

    private CompletableFuture<JsonNode> await(String event) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        awaited.put(event, f);
        return f;
    }

    private JsonNode browser(String method, Map<String, ?> params) throws Exception {
        return call(null, method, params);
    }

    private JsonNode send(String method, Map<String, ?> params) throws Exception {
        return call(session, method, params);
    }

    private JsonNode call(String sessionId, String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (sessionId != null) msg.put("sessionId", sessionId);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(msg.toString(), true).get(TIMEOUT_S, TimeUnit.SECONDS);
        JsonNode r = answer.get(TIMEOUT_S, TimeUnit.SECONDS);
        if (r.has("error")) throw new IllegalStateException(method + ": " + r.path("error"));
        return r.path("result");
    }

    private void event(JsonNode m) {
        String method = m.path("method").asText();
        JsonNode p = m.path("params");
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                String type = p.path("type").asText();
                if (List.of("error", "assert", "warning").contains(type)) {
                    List<String> args = new ArrayList<>();
                    p.path("args").forEach(a -> args.add(a.has("value") ? a.path("value").asText() : a.path("description").asText()));
                    problems.add("console." + type + ": " + String.join(" ", args));
                }
            }
            case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails").path("exception").path("description").asText(
                    p.path("exceptionDetails").path("text").asText()));
            case "Log.entryAdded" -> {
                JsonNode e = p.path("entry");
                if (e.path("level").asText().equals("error")) problems.add("log (" + e.path("source").asText() + "): " + e.path("text").asText());
            }
            default -> {
            }
        }
        CompletableFuture<JsonNode> f = awaited.remove(method);
        if (f != null) f.complete(p);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode m = JSON.readTree(text);
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
                        if (f != null) f.complete(m);
                    } else {
                        event(m);
                    }
                } catch (IOException e) {
                    problems.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            browser("Browser.close", Map.of());
        } catch (Exception ignored) {
            // it may have closed the socket before answering
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) destroy(process);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Ends the chromium this class started, with the helper processes it started. */
    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
