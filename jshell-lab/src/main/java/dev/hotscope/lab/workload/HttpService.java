package dev.hotscope.lab.workload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP service and its own load: {@code http-worker-1..4} serve {@code /sleep} (sleeps
 * 5-15 ms, like a slow downstream call), {@code /ledger} (2 ms inside one contended monitor) and
 * {@code /audit} (appends 16 KiB to a file and fsyncs it); {@code load-1..4} keep requesting them
 * over 127.0.0.1. Each handler waits differently, so an off-CPU flame graph tells them apart.
 */
final class HttpService {
    private static final int WORKERS = 4;
    private static final int CLIENTS = 4;
    private static final String[] PATHS = {"/sleep", "/sleep", "/ledger", "/audit"};
    private static final Object LEDGER = new Object();
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private static FileChannel audit;

    private HttpService() {
    }

    static int start() throws IOException {
        Path file = Files.createTempFile("hotscope-http-audit", ".log");
        file.toFile().deleteOnExit();
        audit = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/sleep", exchange -> respond(exchange, HttpService::sleepLikeADownstreamCall));
        server.createContext("/ledger", exchange -> respond(exchange, HttpService::updateLedger));
        server.createContext("/audit", exchange -> respond(exchange, HttpService::appendAuditRecord));
        server.setExecutor(namedPool("http-worker-", WORKERS));
        server.start();
        int port = server.getAddress().getPort();
        for (int i = 1; i <= CLIENTS; i++) {
            WorkloadMain.startThread("load-" + i, () -> request(port));
        }
        return port;
    }

    private static ExecutorService namedPool(String prefix, int threads) {
        AtomicInteger next = new AtomicInteger(1);
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void respond(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            handler.handle();
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(OK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    private static void sleepLikeADownstreamCall() throws InterruptedException {
        Thread.sleep(5 + ThreadLocalRandom.current().nextInt(11));
    }

    private static void updateLedger() throws InterruptedException {
        synchronized (LEDGER) {
            Thread.sleep(2);
        }
    }

    private static void appendAuditRecord() throws IOException {
        synchronized (audit) {
            if (audit.size() > (8L << 20)) {
                audit.truncate(0);
            }
            ByteBuffer record = ByteBuffer.allocate(16 << 10);
            while (record.hasRemaining()) {
                audit.write(record);
            }
            audit.force(false);
        }
    }

    /** One request from the load generator to a random path, then a 2 ms pause. */
    private static void request(int port) throws IOException, InterruptedException {
        String path = PATHS[ThreadLocalRandom.current().nextInt(PATHS.length)];
        HttpURLConnection connection = (HttpURLConnection) new URL("http", "127.0.0.1", port, path).openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        try (InputStream body = connection.getInputStream()) {
            body.readAllBytes();
        }
        Thread.sleep(2);
    }

    /** What one endpoint does before it answers. */
    @FunctionalInterface
    private interface Handler {
        void handle() throws IOException, InterruptedException;
    }
}
