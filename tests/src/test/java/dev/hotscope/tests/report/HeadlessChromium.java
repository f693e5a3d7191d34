package dev.hotscope.tests.report;

import dev.hotscope.tests.support.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: opens a page, collects what went
 * wrong in it (uncaught exceptions, console errors, error log entries) and every URL it requested,
 * evaluates JavaScript in it and takes a full-page screenshot. Network names resolve to nothing, so
 * a page that tries to fetch from the Internet fails visibly instead of reaching out.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final int WIDTH = 1400;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();

    private HeadlessChromium(ChildProcess process, URI endpoint) throws Exception {
        this.process = process;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(endpoint, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Skips the test, with the reason, when Chromium is not installed (bin/setup installs it). */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
            CHROMIUM + " is missing: install Debian's chromium (bin/setup does) to test the report in a browser");
    }

    static HeadlessChromium launch(Path profile) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + WIDTH + ",1000"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        command.add("about:blank");
        ChildProcess chromium = ChildProcess.start("chromium", command, Map.of());
        try {
            String listening = chromium.stderr().await(l -> l.startsWith("DevTools listening on "), TIMEOUT)
                .orElseThrow(() -> new AssertionError("Chromium did not start its DevTools endpoint\n"
                    + chromium.describe()));
            return new HeadlessChromium(chromium, URI.create(listening.substring("DevTools listening on ".length()).trim()));
        } catch (Exception | Error e) {
            chromium.close();
            throw e;
        }
    }

    /**
     * Opens a page in a new tab and waits for its load event and a moment for late errors.
     *
     * @return what the page did
     */
    Page open(URI url) throws Exception {
        String target = (String) call("Target.createTarget", Map.of("url", "about:blank"), null).get("targetId");
        String session = (String) call("Target.attachToTarget", Map.of("targetId", target, "flatten", true), null)
            .get("sessionId");
        for (String domain : List.of("Runtime.enable", "Log.enable", "Network.enable", "Page.enable")) {
            call(domain, Map.of(), session);
        }
        call("Emulation.setDeviceMetricsOverride", Map.of("width", WIDTH, "height", 1000, "deviceScaleFactor", 1,
            "mobile", false), session);
        call("Page.navigate", Map.of("url", url.toString()), session);
        awaitEvent("Page.loadEventFired", session);
        Thread.sleep(500);
        return new Page(target, session);
    }

    /** A page opened by {@link #open}. */
    final class Page {
        private final String target;
        private final String session;

        private Page(String target, String session) {
            this.target = target;
            this.session = session;
        }

        /** Uncaught exceptions, console.error/assert calls and error log entries, one line each. */
        List<String> errors() {
            List<String> errors = new ArrayList<>();
            for (Map<String, Object> e : eventsOf(session)) {
                Map<String, Object> params = map(e.get("params"));
                switch ((String) e.get("method")) {
                    case "Runtime.exceptionThrown": {
                        Map<String, Object> details = map(params.get("exceptionDetails"));
                        Map<String, Object> exception = map(details.get("exception"));
                        errors.add("uncaught: " + (exception.containsKey("description") ? exception.get("description")
                            : details.get("text")));
                        break;
                    }
                    case "Runtime.consoleAPICalled":
                        if (List.of("error", "assert").contains(params.get("type"))) {
                            List<Object> args = list(params.get("args"));
                            errors.add("console." + params.get("type") + ": "
                                + (args.isEmpty() ? "" : map(args.get(0)).getOrDefault("value", map(args.get(0))
                                    .get("description"))));
                        }
                        break;
                    case "Log.entryAdded": {
                        Map<String, Object> entry = map(params.get("entry"));
                        if ("error".equals(entry.get("level"))) {
                            errors.add("log: " + entry.get("text") + " " + entry.getOrDefault("url", ""));
                        }
                        break;
                    }
                    default:
                        break;
                }
            }
            return errors;
        }

        /** Every URL the page (and its frames) requested. */
        List<String> requests() {
            List<String> urls = new ArrayList<>();
            for (Map<String, Object> e : eventsOf(session)) {
                if ("Network.requestWillBeSent".equals(e.get("method"))) {
                    urls.add((String) map(map(e.get("params")).get("request")).get("url"));
                }
            }
            return urls;
        }

        /** The value of a JavaScript expression, as JSON values come back. */
        Object evaluate(String expression) throws Exception {
            Map<String, Object> result = call("Runtime.evaluate", Map.of("expression", expression,
                "returnByValue", true, "awaitPromise", true), session);
            if (result.containsKey("exceptionDetails")) {
                throw new AssertionError("evaluating failed: " + result.get("exceptionDetails"));
            }
            return map(result.get("result")).get("value");
        }

        /** The whole page as PNG, {@link #WIDTH} pixels wide. */
        byte[] screenshot() throws Exception {
            Map<String, Object> size = map(call("Page.getLayoutMetrics", Map.of(), session).get("cssContentSize"));
            long height = Math.min(16_000, Math.round(((Number) size.get("height")).doubleValue()));
            Map<String, Object> clip = new LinkedHashMap<>(Map.of("x", 0, "y", 0, "width", WIDTH, "height", height,
                "scale", 1));
            String png = (String) call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", clip), session).get("data");
            return Base64.getDecoder().decode(png);
        }

        void close() throws Exception {
            call("Target.closeTarget", Map.of("targetId", target), null);
        }
    }

    private Map<String, Object> call(String method, Map<String, Object> params, String session) throws Exception {
        long id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(MiniJson.write(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.containsKey("error")) {
            throw new AssertionError(method + " failed: " + answer.get("error"));
        }
        return map(answer.get("result"));
    }

    private void awaitEvent(String method, String session) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (events) {
            while (eventsOf(session).stream().noneMatch(e -> method.equals(e.get("method")))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + method + " within " + TIMEOUT.toSeconds() + " s\n" + process.describe());
                }
                events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    private List<Map<String, Object>> eventsOf(String session) {
        synchronized (events) {
            List<Map<String, Object>> of = new ArrayList<>();
            for (Map<String, Object> e : events) {
                if (session.equals(e.get("sessionId"))) {
                    of.add(e);
                }
            }
            return of;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    @Override
    public void close() {
        try {
            call("Browser.close", Map.of(), null);
        } catch (Exception | AssertionError e) {
            // it may be gone already; the process is stopped below either way
        }
        socket.abort();
        try {
            process.awaitExit(Duration.ofSeconds(10));
        } catch (InterruptedException | AssertionError e) {
            // close() below stops it
        }
        process.close();
    }

    /** Messages may come in fragments; replies complete their call, events are kept. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> message = map(MiniJson.parse(partial.toString()));
                partial.setLength(0);
                Object id = message.get("id");
                if (id != null) {
                    CompletableFuture<Map<String, Object>> reply = pending.remove(((Number) id).longValue());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else {
                    synchronized (events) {
                        events.add(message);
                        events.notifyAll();
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
