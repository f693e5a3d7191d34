package dev.hotscope.javaagent.internal.methods;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import dev.hotscope.usdt.UsdtException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Java methods as USDT probes. {@link #install} wraps every method the patterns select, in classes
 * loaded later and in those already loaded (retransformed, no new fields or methods), so that each
 * call fires {@code hotscope:method__entry(long id, String name)} on entry and
 * {@code hotscope:method__return(long id, long duration_ns)} on return or throw, records the call
 * in the {@link #timeline()} while it records, and reports calls of at least the span threshold to
 * the listener. Return values and exceptions are those of the original method.
 *
 * <p>One installation per JVM at a time. {@link #close()} restores the original code of every
 * class it changed and closes the USDT provider. Safe for concurrent use.
 */
public final class MethodProbes implements AutoCloseable {
    /** The USDT provider name tracers select, e.g. {@code usdt:…:hotscope:method__entry}. */
    public static final String PROVIDER = "hotscope";
    /** The probe fired on entry: {@code (long id, String name)}. */
    public static final String ENTRY_PROBE = "method__entry";
    /** The probe fired on return or throw: {@code (long id, long duration_ns)}. */
    public static final String RETURN_PROBE = "method__return";

    private final Instrumentation inst;
    private final Provider provider;
    private final Probe entry;
    private final Probe exit;
    private final Path providerPath;
    private final MethodRegistry registry = new MethodRegistry();
    private final MethodTimeline timeline = new MethodTimeline(registry);
    private final ProbedTypes types;
    private final AtomicIntegerArray patternHits;
    private final Set<String> touchedClasses = ConcurrentHashMap.newKeySet();
    private final AtomicInteger transformFailures = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicInteger restoreFailures = new AtomicInteger();
    private ProbeDispatcher dispatcher; // guarded by this
    private ResettableClassFileTransformer transformer; // guarded by this
    private boolean closed; // guarded by this

    private MethodProbes(Instrumentation inst, List<MethodPattern> patterns, Provider provider) {
        this.inst = inst;
        this.provider = provider;
        this.entry = provider.lookup(ENTRY_PROBE);
        this.exit = provider.lookup(RETURN_PROBE);
        this.providerPath = provider.path();
        this.types = new ProbedTypes(patterns, MethodProbes.class.getClassLoader());
        this.patternHits = new AtomicIntegerArray(patterns.size());
    }

    /**
     * Probes the methods the patterns select, now and in classes loaded later.
     *
     * @param inst the JVM's instrumentation, able to retransform classes; not null
     * @param patterns at least one pattern; not null, no null element
     * @param listener told about calls of at least {@code spanThreshold}, on the calling thread;
     *     null for none
     * @param spanThreshold the shortest call the listener hears of; not null, not negative
     * @return the installation, to close; never null
     * @throws IllegalArgumentException if there is no pattern or the threshold is negative
     * @throws IllegalStateException if the instrumentation cannot retransform classes, another
     *     installation is active, or the bootstrap bridge cannot be set up
     * @throws UsdtException if the USDT provider cannot be mapped
     * @throws NullPointerException if an argument but the listener is null
     */
    public static MethodProbes install(Instrumentation inst, List<MethodPattern> patterns,
                                       MethodSpanListener listener, Duration spanThreshold) {
        Objects.requireNonNull(inst, "inst");
        List<MethodPattern> copy = List.copyOf(patterns);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no probe pattern: give at least one CLASS#METHOD");
        }
        if (spanThreshold.isNegative()) {
            throw new IllegalArgumentException("span threshold " + spanThreshold + " is negative");
        }
        if (!inst.isRetransformClassesSupported()) {
            throw new IllegalStateException("this instrumentation cannot retransform classes: the agent jar's"
                + " manifest needs Can-Retransform-Classes: true");
        }
        Class<?> bridge = BootstrapBridge.ensureInBootstrap(inst, MethodProbes.class.getClassLoader());
        Provider provider = loadProvider();
        MethodProbes probes = new MethodProbes(inst, copy, provider);
        try {
            probes.start(bridge, listener, saturatedNanos(spanThreshold));
        } catch (RuntimeException | Error e) {
            probes.close();
            throw e;
        }
        return probes;
    }

    /**
     * The timeline of probed calls per thread; it records only once switched on.
     *
     * @return the timeline; never null
     */
    public MethodTimeline timeline() {
        return timeline;
    }

    /**
     * The name of a probed method.
     *
     * @param id a probe id, as passed to the USDT probes and the listener
     * @return {@code class#method(parameter types)}, or null if no method has this id
     */
    public String methodName(int id) {
        return registry.name(id);
    }

    /**
     * How many methods are probed: each has an id.
     *
     * @return the count so far; methods of classes not yet loaded are not counted yet
     */
    public int probedMethods() {
        return registry.size();
    }

    /**
     * How many selected methods were left unprobed because {@value MethodRegistry#MAX_METHODS} already
     * had an id.
     *
     * @return the count so far
     */
    public int unprobedMethods() {
        return registry.refused();
    }

    /**
     * The patterns that have selected no method so far (perhaps only because no matching class has
     * been loaded yet).
     *
     * @return the patterns, in the order given; never null
     */
    public List<MethodPattern> unmatchedPatterns() {
        List<MethodPattern> unmatched = new ArrayList<>();
        for (int i = 0; i < patternHits.length(); i++) {
            if (patternHits.get(i) == 0) {
                unmatched.add(types.patterns().get(i));
            }
        }
        return unmatched;
    }

    /**
     * How many classes could not be instrumented (for instance a method grew too large); those
     * run unchanged.
     *
     * @return the count so far
     */
    public int transformFailures() {
        return transformFailures.get();
    }

    /**
     * What went wrong in the last failed transformation.
     *
     * @return {@code class: reason}, or null if none failed
     */
    public String lastTransformFailure() {
        return lastFailure.get();
    }

    /**
     * How many classes {@link #close()} could not restore; they keep calling the bridge, which
     * does nothing once closed.
     *
     * @return the count; 0 before close
     */
    public int restoreFailures() {
        return restoreFailures.get();
    }

    /**
     * Whether a tracer is attached to either USDT probe now.
     *
     * @return true while some tracer raised a probe's semaphore
     */
    public boolean isTraced() {
        return entry.isEnabled() || exit.isEnabled();
    }

    /**
     * The file backing the USDT provider, for tracers that name it ({@code usdt:PATH:hotscope:...}).
     *
     * @return the path, which no longer exists once closed; never null
     */
    public Path providerPath() {
        return providerPath;
    }

    /**
     * Stops probing: probed calls do nothing from now on, classes get their original code back, the
     * provider is closed. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timeline.setRecording(false);
        if (dispatcher != null) {
            dispatcher.deactivate();
        }
        if (transformer != null) {
            inst.removeTransformer(transformer);
            restoreTouchedClasses();
        }
        provider.close();
    }

    private synchronized void start(Class<?> bridge, MethodSpanListener listener, long thresholdNanos) {
        ProbeDispatcher d = new ProbeDispatcher(entry, exit, registry, timeline, listener, thresholdNanos);
        if (!d.activate()) {
            throw new IllegalStateException("Java method probes are already installed in this JVM; close them first");
        }
        dispatcher = d;
        Advice advice = Advice.withCustomMapping().bind(new ProbeIdMapping(registry)).to(MethodAdvice.class);
        transformer = new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.RedefinitionStrategy.Listener.BatchReallocator.splitting())
            .with(new FailureCounter())
            .assureReadEdgeTo(inst, bridge)
            .ignore(types.excluded())
            .type(types.selected())
            .transform((builder, type, loader, module, domain) -> probe(builder, type, advice))
            .installOn(inst);
    }

    /** Registers the selected methods of a class and wraps them; other classes pass unchanged. */
    private DynamicType.Builder<?> probe(DynamicType.Builder<?> builder, TypeDescription type, Advice advice) {
        List<MethodDescription> probed = new ArrayList<>();
        for (MethodDescription method : type.getDeclaredMethods()) {
            if (ProbedTypes.ELIGIBLE_METHODS.matches(method) && countSelections(type, method) > 0
                && registry.register(MethodNames.of(type, method)) > 0) {
                probed.add(method);
            }
        }
        if (probed.isEmpty()) {
            return builder;
        }
        touchedClasses.add(type.getName());
        return builder.visit(advice.on(ElementMatchers.anyOf(probed)));
    }

    /** How many patterns select the method; each one that does is marked as having matched. */
    private int countSelections(TypeDescription type, MethodDescription method) {
        List<MethodPattern> patterns = types.patterns();
        int selecting = 0;
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matchesClass(type.getName()) && patterns.get(i).matchesMethod(method.getName())) {
                patternHits.incrementAndGet(i);
                selecting++;
            }
        }
        return selecting;
    }

    /**
     * Retransforms the changed classes with the transformer gone, which gives them back the bytes
     * they were loaded with; one by one if the batch fails, so one stubborn class spoils nothing.
     */
    private void restoreTouchedClasses() {
        List<Class<?>> changed = new ArrayList<>();
        for (Class<?> loaded : inst.getAllLoadedClasses()) {
            if (touchedClasses.contains(loaded.getName()) && inst.isModifiableClass(loaded)) {
                changed.add(loaded);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(changed.toArray(new Class<?>[0]));
        } catch (Throwable batchFailed) {
            for (Class<?> c : changed) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable e) {
                    restoreFailures.incrementAndGet();
                }
            }
        }
    }

    private static Provider loadProvider() {
        Provider provider = Usdt.provider(PROVIDER);
        try {
            provider.probe(ENTRY_PROBE, ArgType.INT64, ArgType.STRING);
            provider.probe(RETURN_PROBE, ArgType.INT64, ArgType.INT64);
            return provider.load();
        } catch (RuntimeException | Error e) {
            provider.close();
            throw e;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Counts classes Byte Buddy could not transform; they keep their original code. */
    private final class FailureCounter extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            transformFailures.incrementAndGet();
            lastFailure.set(typeName + ": " + error);
        }
    }
}
