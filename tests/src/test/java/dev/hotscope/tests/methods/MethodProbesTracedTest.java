package dev.hotscope.tests.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.Bpftrace;
import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.Timeouts;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bpftrace on a forked JVM whose workload methods are probed: every call of a probed method fires
 * {@code hotscope:method__entry} with its name and id, and {@code hotscope:method__return} with the
 * same id and a duration covering what the method did, a throwing method included.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MethodProbesTracedTest {
    private static final String CLASS = "com.acme.workload.Checkout#";
    private static final String CHECKOUT = CLASS + "checkout(int)";
    private static final String PRICE = CLASS + "priceItem(int)";
    private static final String FAIL = CLASS + "fail(int)";
    private static final String SYNC = CLASS + "sync()";
    private static final String DONE = CLASS + "done()";
    private static final int ORDERS = 5;
    private static final long PRICE_NANOS = 2_000_000L;

    @TempDir
    Path temp;

    @BeforeEach
    void requireBpftrace() {
        TracingAssumptions.requireBpftrace();
    }

    @Test
    void bpftraceSeesEveryCallOfTheProbedMethods() throws Exception {
        traceOn(JavaLaunchers.current());
    }

    @Test
    void bpftraceSeesEveryCallOfTheProbedMethodsOnJdk25() throws Exception {
        TracingAssumptions.requireJava(JavaLaunchers.JDK_25, "JDK 25");
        traceOn(JavaLaunchers.JDK_25);
    }

    private void traceOn(Path java) throws Exception {
        List<String> command = List.of(java.toString(), "-javaagent:" + premainJar(), "-cp",
            System.getProperty("java.class.path"), MethodProbesTarget.class.getName());
        try (ChildProcess target = ChildProcess.start("target", command, Map.of())) {
            String[] ready = awaitReady(target);
            try (Bpftrace bpftrace = Bpftrace.attach(Long.parseLong(ready[1]), script(Path.of(ready[2])), null)) {
                send(target, "sync");
                bpftrace.awaitLine(line -> line.equals("SYNC"), "SYNC (proof that every probe is attached)");
                send(target, "run " + ORDERS);
                awaitLine(target, "RAN " + ORDERS, bpftrace.process());
                BpftraceMaps maps = bpftrace.awaitExit();
                assertTraced(maps, target, bpftrace.process());
            }
        }
    }

    private static void assertTraced(BpftraceMaps maps, ChildProcess target, ChildProcess bpftrace) {
        String context = "\n" + target.describe() + "\n" + bpftrace.describe();
        Map<String, String> entries = maps.keyed("@entries");
        assertThat(entries).as("entries by name" + context)
            .containsEntry(CHECKOUT, Integer.toString(ORDERS))
            .containsEntry(PRICE, Integer.toString(2 * ORDERS))
            .containsEntry(FAIL, Integer.toString(ORDERS))
            .containsEntry(DONE, "1")
            .containsKey(SYNC)
            .hasSize(5);

        Map<String, Long> ids = idsByName(maps.keyed("@id_of"), context);
        assertThat(ids.keySet()).as("one id per name" + context).containsExactlyInAnyOrder(CHECKOUT, PRICE, FAIL, SYNC, DONE);
        assertThat(ids.values()).as("small, distinct ids" + context).doesNotHaveDuplicates().allMatch(id -> id > 0 && id < 100);

        Map<String, String> returns = maps.keyed("@returns");
        assertThat(returns).as("returns by id" + context)
            .containsEntry(ids.get(CHECKOUT).toString(), Integer.toString(ORDERS))
            .containsEntry(ids.get(PRICE).toString(), Integer.toString(2 * ORDERS))
            .as("a method that throws fires its return probe too" + context)
            .containsEntry(ids.get(FAIL).toString(), Integer.toString(ORDERS));

        Map<String, String> shortest = maps.keyed("@min_ns");
        assertThat(Long.parseLong(shortest.get(ids.get(PRICE).toString())))
            .as("pricing sleeps " + PRICE_NANOS + " ns" + context).isGreaterThanOrEqualTo(PRICE_NANOS);
        assertThat(Long.parseLong(shortest.get(ids.get(CHECKOUT).toString())))
            .as("a checkout prices two items" + context).isGreaterThanOrEqualTo(2 * PRICE_NANOS);
        assertThat(Long.parseLong(shortest.get(ids.get(FAIL).toString()))).as("a duration" + context).isPositive();
    }

    /** {@code @id_of[NAME, ID]: count} lines: each name must come with exactly one id. */
    private static Map<String, Long> idsByName(Map<String, String> idOf, String context) {
        Map<String, Long> ids = new HashMap<>();
        for (String key : idOf.keySet()) {
            int comma = key.lastIndexOf(", ");
            String name = key.substring(0, comma);
            long id = Long.parseLong(key.substring(comma + 2));
            Long previous = ids.put(name, id);
            assertThat(previous).as(name + " fired with two ids" + context).isNull();
        }
        return ids;
    }

    private static String script(Path provider) {
        String probe = "usdt:" + provider + ":hotscope:";
        return probe + "method__entry /str(arg1) == \"" + SYNC + "\"/ { printf(\"SYNC\\n\"); }\n"
            + probe + "method__entry /str(arg1) == \"" + DONE + "\"/ { exit(); }\n"
            + probe + "method__entry { @entries[str(arg1)] = count(); }\n"
            + probe + "method__entry { @id_of[str(arg1), arg0] = count(); }\n"
            + probe + "method__return { @returns[arg0] = count(); @min_ns[arg0] = min(arg1); }\n";
    }

    /** A jar with nothing but a manifest naming the target as its premain class (found on the class path). */
    private Path premainJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", MethodProbesTarget.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        Path jar = temp.resolve("premain.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    private static String[] awaitReady(ChildProcess target) throws InterruptedException {
        Optional<String> line = target.stdout().await(l -> l.startsWith("READY "), Timeouts.JVM_START);
        if (line.isEmpty()) {
            throw new AssertionError("the target did not print READY <pid> <path>\n" + target.describe());
        }
        String[] ready = line.get().split(" ");
        assertThat(Long.parseLong(ready[1])).as("the pid the target reports").isEqualTo(target.pid());
        return ready;
    }

    private static void awaitLine(ChildProcess target, String wanted, ChildProcess tracer) throws InterruptedException {
        if (target.stdout().await(wanted::equals, Timeouts.REPLY).isEmpty()) {
            throw new AssertionError("the target did not print " + wanted + "\n" + target.describe() + "\n" + tracer.describe());
        }
    }

    private static void send(ChildProcess target, String command) throws IOException {
        OutputStream in = target.process().getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
