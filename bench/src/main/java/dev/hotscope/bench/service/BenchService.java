package dev.hotscope.bench.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Starts the service on 127.0.0.1 and prints {@code listening on 127.0.0.1:PORT} once it accepts
 * requests; it stops on SIGTERM or SIGINT.
 *
 * <pre>java -jar bench/target/overhead-service.jar [--port N] [--dir DIR] [--threads N] [--exit-on-eof]</pre>
 *
 * With {@code --exit-on-eof} it also stops when its standard input ends: the bench runner keeps a
 * pipe open to it, so a runner killed outright leaves no service behind.
 */
public final class BenchService {
    /** What the usage line lists. */
    private static final String USAGE = "usage: BenchService [--port N (0: any free port)] [--dir DIR (files of /io)]"
        + " [--threads N (Jetty's pool, at least 4)] [--exit-on-eof (stop when stdin ends)]";

    private BenchService() {}

    /**
     * Runs the service until the JVM is told to stop.
     *
     * @param args {@code --port}, {@code --dir}, {@code --threads}; see the class comment
     * @throws Exception when Jetty cannot start; a bad argument prints one line and exits with 64
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        int threads = 32;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "hotscope-bench-io");
        boolean exitOnEof = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port": port = Integer.parseInt(required(args[i], value)); i++; break;
                    case "--dir": dir = Path.of(required(args[i], value)); i++; break;
                    case "--threads": threads = Math.max(4, Integer.parseInt(required(args[i], value))); i++; break;
                    case "--exit-on-eof": exitOnEof = true; break;
                    default: throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench service: " + e.getMessage() + "; " + USAGE);
            System.exit(64);
        }
        Files.createDirectories(dir);
        Server server = start(port, threads, new Endpoints(dir));
        int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        System.out.println(String.format(Locale.ROOT, "listening on 127.0.0.1:%d", actual));
        System.out.flush();
        if (exitOnEof) {
            stopAtEndOfInput();
        }
        server.join();
    }

    /** A daemon thread reads stdin to its end, then exits the JVM normally (shutdown hooks write recordings). */
    private static void stopAtEndOfInput() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the runner writes nothing; only the end matters
                }
            } catch (java.io.IOException e) {
                // a broken pipe is an end too
            }
            System.exit(0);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static Server start(int port, int threads, Endpoints endpoints) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads));
        pool.setName("http");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new BenchHandler(endpoints));
        server.setStopAtShutdown(true);
        server.start();
        return server;
    }

    private static String required(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }
}
