package dev.hotscope.tests.methods;

import com.acme.workload.Checkout;
import dev.hotscope.javaagent.internal.methods.MethodPattern;
import dev.hotscope.javaagent.internal.methods.MethodProbes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The forked JVM. Started with {@code -javaagent:} a manifest-only jar naming this class, so
 * {@link #premain} hands over the JVM's instrumentation; {@link #main} then runs the workload once
 * (its class is loaded before the probes, so it is retransformed), installs the probes, prints
 * {@code READY <pid> <provider file>} and serves commands: {@code sync} calls {@code Checkout.sync()}
 * every few milliseconds until the next command, {@code run N} makes N checkouts then calls
 * {@code Checkout.done()} and prints {@code RAN}, {@code exit} (or the end of input) closes the
 * probes and exits.
 */
public final class MethodProbesTarget {
    static final List<String> PATTERNS = List.of("com.acme.workload.Checkout#*");

    private static volatile Instrumentation instrumentation;
    private static volatile boolean syncing;

    private MethodProbesTarget() {}

    /**
     * Keeps the instrumentation for {@link #main}.
     *
     * @param options ignored
     * @param inst the JVM's instrumentation
     */
    public static void premain(String options, Instrumentation inst) {
        instrumentation = inst;
    }

    /**
     * Runs the target.
     *
     * @param args none
     * @throws Exception on any failure, which ends the JVM with a stack trace
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Checkout.checkout(0);
        List<MethodPattern> patterns = PATTERNS.stream().map(MethodPattern::parse).toList();
        try (MethodProbes probes = MethodProbes.install(instrumentation, patterns, null, Duration.ZERO)) {
            out.println("READY " + ProcessHandle.current().pid() + " " + probes.providerPath());
            out.flush();
            serve(out);
        }
    }

    private static void serve(PrintStream out) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread syncer = null;
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            syncer = stop(syncer);
            if (line.equals("sync")) {
                syncer = startSyncing();
            } else if (line.startsWith("run ")) {
                int orders = Integer.parseInt(line.substring(4).trim());
                for (int i = 1; i <= orders; i++) {
                    Checkout.checkout(i);
                }
                Checkout.done();
                out.println("RAN " + orders);
            } else {
                out.println("ERROR unknown command " + line);
            }
            out.flush();
        }
        stop(syncer);
    }

    private static Thread startSyncing() {
        syncing = true;
        Thread syncer = new Thread(() -> {
            while (syncing) {
                Checkout.sync();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "syncer");
        syncer.setDaemon(true);
        syncer.start();
        return syncer;
    }

    private static Thread stop(Thread syncer) throws InterruptedException {
        if (syncer != null) {
            syncing = false;
            syncer.join();
        }
        return null;
    }
}
