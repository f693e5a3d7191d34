package dev.hotscope.javaagent.internal.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.OrderException;
import com.acme.OrderService;
import com.acme.db.UserRepository;
import com.acme.shapes.Square;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probes installed in this JVM through Byte Buddy's agent, on the com.acme test classes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MethodProbesTest {
    private final RecordingListener listener = new RecordingListener();

    private MethodProbes install(Duration threshold, String... patterns) {
        return MethodProbes.install(Instrumentations.get(), Instrumentations.parse(patterns), listener, threshold);
    }

    @Test
    void exactPatternProbesThatMethodOnly() {
        OrderService service = new OrderService();
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.OrderService#placeOrder")) {
            service.placeOrder("tea", 2);
            service.touch();
            service.placeOrder("milk", 1);

            assertThat(listener.methods()).containsExactly(
                "com.acme.OrderService#placeOrder(String,int)", "com.acme.OrderService#placeOrder(String,int)");
            RecordingListener.Span span = listener.spans().get(0);
            assertThat(span.thread()).isSameAs(Thread.currentThread());
            assertThat(span.end()).isGreaterThanOrEqualTo(span.start());
            assertThat(probes.methodName(span.id())).isEqualTo(span.method());
            assertThat(probes.probedMethods()).isEqualTo(1);
            assertThat(probes.transformFailures()).isZero();
            assertThat(probes.unmatchedPatterns()).isEmpty();
        }
    }

    @Test
    void globPatternProbesMatchingMethodsOfMatchingClasses() {
        UserRepository users = new UserRepository();
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.db.*#query*")) {
            users.queryById(7);
            users.save("ann");
            users.queryCount();

            assertThat(listener.methods()).containsExactly(
                "com.acme.db.UserRepository#queryById(long)", "com.acme.db.UserRepository#queryCount()");
            assertThat(probes.probedMethods()).isEqualTo(2);
        }
    }

    @Test
    void returnValuesAreThoseOfTheOriginalMethods() throws IOException {
        OrderService service = new OrderService();
        List<String> given = new ArrayList<>(List.of("a", "b"));
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.OrderService#*")) {
            assertThat(service.placeOrder("tea", 3)).isEqualTo("3 x tea");
            assertThat(service.total(new long[] {1, 2, Long.MAX_VALUE - 3})).isEqualTo(Long.MAX_VALUE);
            assertThat(service.ratio(1, 0)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(service.ratio(0, 0)).isNaN();
            assertThat(service.items(given)).isSameAs(given);
            assertThat(service.read(false)).containsExactly(1, 2, 3);
            assertThat(OrderService.add(40, 2)).isEqualTo(42);
            int before = service.calls();
            service.touch();
            assertThat(service.calls()).isEqualTo(before + 1);

            assertThat(listener.methods()).contains("com.acme.OrderService#total(long[])",
                "com.acme.OrderService#items(List)", "com.acme.OrderService#add(int,int)", "com.acme.OrderService#touch()");
        }
    }

    @Test
    void exceptionsLeaveProbedMethodsUnchanged() {
        OrderService service = new OrderService();
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.OrderService#reject", "com.acme.OrderService#read")) {
            assertThatThrownBy(() -> service.reject("out of stock"))
                .isExactlyInstanceOf(OrderException.class)
                .hasMessage("out of stock")
                .satisfies(e -> assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("reject"))
                .satisfies(e -> assertThat(e.getStackTrace()[0].getClassName()).isEqualTo("com.acme.OrderService"));
            assertThatThrownBy(() -> service.read(true)).isExactlyInstanceOf(IOException.class).hasMessage("disk on fire");

            assertThat(listener.methods()).as("a call that throws still ends its span")
                .containsExactly("com.acme.OrderService#reject(String)", "com.acme.OrderService#read(boolean)");
        }
    }

    @Test
    void alreadyLoadedClassesAreRetransformedAndCloseRestoresTheirBytes() throws Exception {
        OrderService service = new OrderService();
        byte[] original = Instrumentations.currentBytes(OrderService.class);
        assertThat(Instrumentations.callsBridge(original)).isFalse();

        MethodProbes probes = install(Duration.ZERO, "com.acme.OrderService#touch");
        byte[] probed = Instrumentations.currentBytes(OrderService.class);
        service.touch();
        probes.close();
        byte[] restored = Instrumentations.currentBytes(OrderService.class);
        service.touch();
        probes.close();

        assertThat(Instrumentations.callsBridge(probed)).as("the advice is in the loaded class").isTrue();
        assertThat(restored).as("the bytes after close").isEqualTo(original);
        assertThat(listener.methods()).as("only the call made while probed").containsExactly("com.acme.OrderService#touch()");
        assertThat(probes.restoreFailures()).isZero();
        assertThat(Files.exists(probes.providerPath())).as("the USDT backing file after close").isFalse();
    }

    @Test
    void classesLoadedAfterInstallAreProbedAsTheyLoad() throws Exception {
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.lazy.LateService#answer")) {
            assertThat(probes.unmatchedPatterns()).as("before the class is loaded").hasSize(1);
            // By name: the class must not be loaded before the probes are in place.
            Class<?> late = Class.forName("com.acme.lazy.LateService");
            Object answer = late.getMethod("answer").invoke(late.getConstructor().newInstance());

            assertThat(answer).isEqualTo(42);
            assertThat(listener.methods()).containsExactly("com.acme.lazy.LateService#answer()");
            assertThat(probes.unmatchedPatterns()).isEmpty();
        }
    }

    @Test
    void classesOfLoadersThatBypassTheApplicationLoaderReachTheSameBridge() throws Exception {
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.isolated.Worker#work")) {
            ClassLoader isolated = new IsolatedLoader("com.acme.isolated.Worker");
            Class<?> worker = isolated.loadClass("com.acme.isolated.Worker");
            assertThat(worker.getClassLoader()).isSameAs(isolated);
            Object result = worker.getMethod("work", String.class).invoke(worker.getConstructor().newInstance(), "quiet");

            assertThat(result).isEqualTo("QUIET");
            assertThat(listener.methods()).containsExactly("com.acme.isolated.Worker#work(String)");
            Class<?> fromIsolated = Class.forName(BootstrapBridge.BRIDGE, false, isolated);
            Class<?> fromApplication = Class.forName(BootstrapBridge.BRIDGE, false, ClassLoader.getSystemClassLoader());
            assertThat(fromIsolated.getClassLoader()).as("the bridge the isolated class sees").isNull();
            assertThat(fromApplication).as("the bridge the application loader (and the agent, here) sees")
                .isSameAs(fromIsolated);
        }
    }

    @Test
    void abstractNativeSyntheticAndBridgeMethodsAndConstructorsAreNeverProbed() {
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.shapes.*#*")) {
            Square square = new Square(3);
            assertThat(square.viaLambda()).isEqualTo(7);
            assertThat(square.compareTo(new Square(1))).isPositive();
            Comparable<Object> raw = cast(square);
            assertThat(raw.compareTo(new Square(4))).isNegative();

            List<String> names = new ArrayList<>();
            for (int id = 1; id <= probes.probedMethods(); id++) {
                names.add(probes.methodName(id));
            }
            assertThat(names).containsExactlyInAnyOrder("com.acme.shapes.Shape#viaLambda()",
                "com.acme.shapes.Shape#compareTo(Shape)", "com.acme.shapes.Square#area()");
            // Each compareTo call is one span: the bridge compareTo(Object) that the raw call went through is not probed.
            assertThat(listener.methods()).filteredOn(m -> m.contains("compareTo")).hasSize(2);
            assertThat(listener.methods()).filteredOn(m -> m.contains("area")).as("two per compareTo").hasSize(4);
            assertThat(listener.methods()).filteredOn(m -> m.contains("viaLambda")).as("the lambda body is not probed")
                .containsExactly("com.acme.shapes.Shape#viaLambda()");
        }
    }

    @Test
    void onlyCallsOfAtLeastTheThresholdAreReported() throws InterruptedException {
        OrderService service = new OrderService();
        Duration threshold = Duration.ofMillis(20);
        try (MethodProbes probes = install(threshold, "com.acme.OrderService#sleepMillis", "com.acme.OrderService#touch")) {
            service.sleepMillis(30);
            for (int i = 0; i < 100; i++) {
                service.touch();
            }
        }
        assertThat(listener.methods()).contains("com.acme.OrderService#sleepMillis(long)");
        assertThat(listener.spans()).allSatisfy(s -> assertThat(s.end() - s.start()).isGreaterThanOrEqualTo(threshold.toNanos()));

        listener.clear();
        try (MethodProbes probes = install(Duration.ofHours(1), "com.acme.OrderService#sleepMillis")) {
            service.sleepMillis(1);
        }
        assertThat(listener.spans()).isEmpty();
    }

    @Test
    void withoutListenerProbedMethodsStillRun() {
        OrderService service = new OrderService();
        try (MethodProbes probes = MethodProbes.install(Instrumentations.get(),
            Instrumentations.parse("com.acme.OrderService#placeOrder"), null, Duration.ZERO)) {
            assertThat(service.placeOrder("x", 1)).isEqualTo("1 x x");
            assertThat(probes.isTraced()).as("no tracer in a unit test").isFalse();
        }
    }

    @Test
    void oneInstallationAtATime() {
        OrderService service = new OrderService();
        try (MethodProbes first = install(Duration.ZERO, "com.acme.OrderService#touch")) {
            assertThatThrownBy(() -> install(Duration.ZERO, "com.acme.OrderService#placeOrder"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already installed");
            service.touch();
            service.placeOrder("x", 1);
            assertThat(listener.methods()).as("the first installation still works, the second did nothing")
                .containsExactly("com.acme.OrderService#touch()");
        }
        try (MethodProbes second = install(Duration.ZERO, "com.acme.OrderService#placeOrder")) {
            service.placeOrder("y", 1);
        }
        assertThat(listener.methods()).endsWith("com.acme.OrderService#placeOrder(String,int)");
    }

    @Test
    void patternsThatSelectNothingAreListed() {
        new UserRepository().save("x");
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.db.UserRepository#save", "com.acme.db.UserRepository#nothing*",
            "com.acme.nowhere.*#run")) {
            assertThat(probes.unmatchedPatterns()).extracting(MethodPattern::toString)
                .containsExactly("com.acme.db.UserRepository#nothing*", "com.acme.nowhere.*#run");
        }
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> install(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no probe pattern");
        assertThatThrownBy(() -> install(Duration.ofNanos(-1), "com.acme.A#b")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("negative");
        assertThatThrownBy(() -> MethodProbes.install(null, Instrumentations.parse("com.acme.A#b"), null, Duration.ZERO))
            .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MethodProbes.install(Instrumentations.get(), Instrumentations.parse("com.acme.A#b"), null, null))
            .isInstanceOf(NullPointerException.class);
        // A refused installation left nothing behind: the next one works.
        try (MethodProbes probes = install(Duration.ZERO, "com.acme.OrderService#touch")) {
            new OrderService().touch();
        }
        assertThat(listener.methods()).containsExactly("com.acme.OrderService#touch()");
    }

    @Test
    void theJdkTheAgentAndLambdaProxiesAreExcludedWhateverThePatterns() {
        ProbedTypes types = new ProbedTypes(Instrumentations.parse("**#*"), ClassLoader.getSystemClassLoader());
        ClassLoader app = ClassLoader.getSystemClassLoader();
        assertThat(types.excluded().matches(TypeDescription.ForLoadedType.of(String.class), null, null, null, null))
            .as("bootstrap").isTrue();
        assertThat(types.excluded().matches(TypeDescription.ForLoadedType.of(java.sql.Date.class),
            ClassLoader.getPlatformClassLoader(), null, null, null)).as("platform loader").isTrue();
        assertThat(types.excluded().matches(TypeDescription.ForLoadedType.of(MethodProbes.class), app, null, null, null))
            .as("hotscope").isTrue();
        assertThat(types.excluded().matches(TypeDescription.ForLoadedType.of(TypeDescription.class), app, null, null, null))
            .as("Byte Buddy").isTrue();
        assertThat(types.excluded().matches(TypeDescription.ForLoadedType.of(OrderService.class), app, null, null, null))
            .as("an application class").isFalse();
        assertThat(ProbedTypes.hasExcludedName("com.acme.OrderService$$Lambda$14/0x0000000800c03000")).isTrue();

        ClassLoader agentsOwn = new IsolatedLoader("none");
        ProbedTypes isolatedAgent = new ProbedTypes(Instrumentations.parse("**#*"), agentsOwn);
        assertThat(isolatedAgent.excluded().matches(TypeDescription.ForLoadedType.of(OrderService.class), agentsOwn, null, null, null))
            .as("a class of the agent's own isolated loader").isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> cast(Object o) {
        return (Comparable<Object>) o;
    }

    /** Defines the named classes itself from the class path; everything else from the bootstrap loader only. */
    static final class IsolatedLoader extends ClassLoader {
        private final List<String> own;

        IsolatedLoader(String... own) {
            super("isolated", null);
            this.own = List.of(own);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!own.contains(name)) {
                throw new ClassNotFoundException(name);
            }
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
