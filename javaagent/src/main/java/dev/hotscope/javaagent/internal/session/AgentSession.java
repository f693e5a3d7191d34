package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.javaagent.internal.AgentOptions;
import dev.hotscope.javaagent.internal.Durations;
import dev.hotscope.javaagent.internal.Feature;
import dev.hotscope.jfr.events.AgentStatusEvent;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One run of the agent: started by {@link #start}, ended by the duration, a detach or the JVM's
 * exit, whichever comes first. Everything runs on one daemon thread, {@code hotscope-agent}; a
 * failing feature is switched off with one line and the others go on.
 */
public final class AgentSession {
    /** What {@link #stop} is told when the JVM exits. */
    public static final String EXIT = "JVM exit";
    private static final long TICK_NANOS = 10_000_000L;
    private static final long MIN_SAMPLE_NANOS = 20_000_000L;
    private static final long MAX_SAMPLE_NANOS = 200_000_000L;

    private final AgentOptions options;
    private final Instrumentation inst;
    private final long pid = ProcessHandle.current().pid();
    private final OwnThreads own = new OwnThreads();
    private final SessionRecording recording;
    private final List<Running> features = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private final Consumer<String> statusListener;
    private final long startedNanos = System.nanoTime();
    private volatile boolean stopping;
    private volatile String endedBy;
    private volatile String summary = "starting";
    private final List<AgentStatusEvent> pendingStatus = new ArrayList<>();
    private final List<String> startTimes = new ArrayList<>();
    /** Start-up threads (probes, one per BPF feature); written by the agent's thread only. */
    private final List<Thread> starting = new ArrayList<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Running> arriving =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private boolean announced;
    private long firstTracingNanos;
    private boolean statusFlushed;
    private volatile dev.hotscope.javaagent.internal.methods.MethodProbes methodProbes;
    private EventContext context;

    private AgentSession(AgentOptions options, Instrumentation inst, Path file, Consumer<String> statusListener) {
        this.options = options;
        this.statusListener = statusListener;
        this.inst = inst;
        this.recording = new SessionRecording(file, options.profiler().orElse(null));
        this.thread = new Thread(this::run, "hotscope-agent");
        thread.setDaemon(true);
    }

    /**
     * Starts a session on its own thread and returns at once.
     *
     * @param options the parsed options; not null
     * @param inst the JVM's instrumentation, for method probes; not null
     * @param statusListener told the status line when the session runs and when it has stopped
     * @return the running session
     */
    public static AgentSession start(AgentOptions options, Instrumentation inst, Consumer<String> statusListener) {
        AgentSession session = new AgentSession(options, inst, options.file().orElseGet(AgentSession::defaultFile),
            statusListener);
        session.thread.start();
        return session;
    }

    /** {@code hotscope-<pid>-<yyyyMMdd-HHmmss>.jfr} in the working directory. */
    static Path defaultFile() {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .format(java.time.LocalDateTime.now());
        return Path.of(System.getProperty("user.dir", ".")).resolve(
            "hotscope-" + ProcessHandle.current().pid() + "-" + stamp + ".jfr");
    }

    /** Waits until the features are attached (or failed), at most {@code timeout}. */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the session: detaches every feature, restores probed classes and writes the recording.
     * Idempotent; waits at most {@code timeout} for the agent's thread.
     *
     * @param why what ended it, for the log line; not null
     * @return whether everything was released within the timeout
     */
    public boolean stop(String why, Duration timeout) {
        if (endedBy == null) {
            endedBy = why;
        }
        stopping = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return true;
        }
        try {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the session has ended and released everything. */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    private String startTimesText() {
        synchronized (startTimes) {
            return String.join(", ", startTimes);
        }
    }

    private void setSummary(String text) {
        summary = text;
        statusListener.accept(text);
    }

    /** One line: state, features, file. */
    public String status() {
        return summary;
    }

    private void run() {
        try {
            own.registerCurrent();
            // JFR's first start in a JVM takes about a second, so does loading libbpf: overlap them.
            Thread jfr = new Thread(() -> {
                own.registerCurrent();
                recording.start();
            }, "hotscope-jfr-start");
            jfr.setDaemon(true);
            jfr.start();
            startFeatures(jfr);
        } catch (Throwable t) {
            AgentLog.line("agent stopped while starting: " + AgentLog.describe(t));
            stopping = true;
            started.countDown();
        }
        try {
            loop();
        } catch (Throwable t) {
            AgentLog.line("agent stopped: " + AgentLog.describe(t));
        } finally {
            shutDown();
        }
    }

    /** The BPF features start once the recording runs: the first records they drain must land in it. */
    private void awaitRecording(Thread jfr) throws InterruptedException {
        long began = System.nanoTime();
        jfr.join();
        timed("waiting for jfr", began);
        if (!recording.started()) {
            AgentLog.line("the session's JFR recording did not start; events go to the JVM's own recordings only");
        }
    }

    /**
     * Starts everything at once: JFR's first recording, Byte Buddy's pass over the loaded classes
     * and each BPF object (libbpf parses the kernel's BTF for each) take a good part of a second
     * apiece, so they run on short-lived threads side by side. Records wait in the ring buffers
     * until all are up and the recording runs.
     */
    private void startFeatures(Thread jfr) throws InterruptedException {
        List<String> bpfProblems = new ArrayList<>();
        boolean[] canTrace = new boolean[1];
        Thread libbpf = starter("libbpf", () -> {
            long t = System.nanoTime();
            Capabilities capabilities = Capabilities.current();
            bpfProblems.addAll(capabilities.problems());
            canTrace[0] = capabilities.canTrace() && bpfProblems.isEmpty();
            timed("libbpf", t);
        });
        long began = System.nanoTime();
        Symbolizer symbols = symbolizer();
        context = new EventContext(new JavaThreads(), new InflightStacks(), symbols, own, recording::add,
            recording::othersRecording);
        context.histograms().register();
        timed("symbols+threads", began);
        Thread probes = starter("probes", () -> {
            long t = System.nanoTime();
            methodProbes = MethodProbeFeature.start(inst, options, context, this::status);
            if (methodProbes != null) {
                timed("probe", t);
            }
        });
        starting.add(probes);
        libbpf.join();
        if (!canTrace[0] && !options.features().isEmpty()) {
            String why = String.join("; ", bpfProblems);
            AgentLog.line("BPF features off (" + String.join(", ", optionNames()) + "): " + why
                + "; dynamic USDT, method probes and JFR events still work");
            options.features().keySet().forEach(f -> status(f.option(), "off", why));
        } else {
            startBpfFeatures();
        }
        awaitRecording(jfr);
    }

    /**
     * Features join the polling as they come up; once every start-up thread is done the session
     * says it has started (the attach command waits for that).
     */
    private void admitArrivals() {
        for (Running r; (r = arriving.poll()) != null; ) {
            if (firstTracingNanos == 0) {
                firstTracingNanos = System.nanoTime();
            }
            features.add(r);
        }
        if (announced || starting.stream().anyMatch(Thread::isAlive)) {
            return;
        }
        announced = true;
        for (Running r; (r = arriving.poll()) != null; ) {
            features.add(r);
        }
        flushStatus();
        setSummary("running: " + describeFeatures() + describeBudget() + "; recording to " + recording.describe());
        AgentLog.line("started in " + Durations.format(System.nanoTime() - startedNanos)
            + (firstTracingNanos == 0 ? "" : ", first feature tracing after "
                + Durations.format(firstTracingNanos - startedNanos))
            + ": " + describeFeatures() + describeBudget() + "; recording to " + recording.describe()
            + options.duration().map(d -> " for " + Durations.format(d.toNanos())).orElse("")
            + " (" + startTimesText() + ")");
        started.countDown();
    }

    /** Start-up threads still loading when the session ends are waited for, so nothing they open escapes. */
    private void awaitStarters() {
        for (Thread t : starting) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Running r; (r = arriving.poll()) != null; ) {
            features.add(r);
        }
    }

    private void startBpfFeatures() {
        Map<Feature, Duration> wanted = options.features();
        boolean runqWithOffcpu = wanted.containsKey(Feature.OFFCPU) && wanted.containsKey(Feature.RUNQ);
        for (Map.Entry<Feature, Duration> entry : wanted.entrySet()) {
            Feature feature = entry.getKey();
            if (feature == Feature.RUNQ && runqWithOffcpu) {
                continue; // one scheduler tracer serves both
            }
            starting.add(starter(feature.option(), () -> {
                Running r = startFeature(feature, entry.getValue());
                if (r != null) {
                    arriving.add(r);
                }
                if (feature == Feature.OFFCPU && runqWithOffcpu) {
                    Duration min = wanted.get(Feature.RUNQ);
                    status(Feature.RUNQ.option(), r != null ? "on" : "off", r != null ? ">= "
                        + Durations.format(min.toNanos()) + " (with offcpu)" : "the scheduler tracer did not start (see offcpu)");
                }
            }));
        }
    }

    /** Starts one feature; null when it cannot run (said in one line and a status event). */
    private Running startFeature(Feature feature, Duration min) {
        long began = System.nanoTime();
        try {
            FeatureSource source = FeatureFactory.create(feature, pid, min, context, options, own.all());
            status(feature.option(), "on", feature.takesThreshold() ? ">= " + Durations.format(min.toNanos()) : "");
            return new Running(source, min);
        } catch (Throwable t) {
            String why = AgentLog.describe(t);
            AgentLog.line(feature.option() + " off: " + why);
            status(feature.option(), "off", why);
            return null;
        } finally {
            timed(feature.option(), began);
        }
    }

    /** A short-lived start-up thread; its tid counts as the agent's while it lives. */
    private Thread starter(String what, Runnable work) {
        Thread t = new Thread(() -> {
            own.registerCurrent();
            try {
                work.run();
            } catch (Throwable e) {
                AgentLog.line(what + " failed to start: " + AgentLog.describe(e));
            }
        }, "hotscope-start-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void timed(String what, long beganNanos) {
        synchronized (startTimes) {
            startTimes.add(what + " " + Durations.format(System.nanoTime() - beganNanos).replace(" ", ""));
        }
    }

    private void loop() {
        long tracingSince = System.nanoTime();
        boolean bounded = options.duration().isPresent();
        long deadline = tracingSince + options.duration().map(Duration::toNanos).orElse(0L);
        long samplePeriod = MIN_SAMPLE_NANOS;
        long nextSample = System.nanoTime() + samplePeriod;
        long nextReport = System.nanoTime() + options.interval().toNanos();
        while (!stopping) {
            long now = System.nanoTime();
            if (bounded && now - deadline >= 0) {
                endedBy = "duration " + Durations.format(options.duration().get().toNanos()) + " ended";
                break;
            }
            if (!announced) {
                admitArrivals();
                samplePeriod = samplePeriod();
            }
            pollAll();
            context.flushPending(false);
            if (now - nextSample >= 0) {
                captureWaitingStacks(now);
                nextSample = now + samplePeriod;
            }
            if (now - nextReport >= 0) {
                reportAll();
                nextReport = now + options.interval().toNanos();
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    private void pollAll() {
        for (Running r : List.copyOf(features)) {
            try {
                r.source.poll(Duration.ZERO);
            } catch (Throwable t) {
                disable(r, t);
            }
        }
    }

    private void captureWaitingStacks(long now) {
        for (Running r : List.copyOf(features)) {
            try {
                for (FeatureSource.Waiting w : r.source.waiting()) {
                    if (now - w.sinceNanos() >= r.min.toNanos()) {
                        context.captureIfWaiting(w.tid(), w.sinceNanos());
                    }
                }
            } catch (Throwable t) {
                disable(r, t);
            }
        }
    }

    private void reportAll() {
        for (Running r : List.copyOf(features)) {
            try {
                r.source.report();
            } catch (Throwable t) {
                disable(r, t);
            }
        }
        context.expireStacks();
    }

    private void disable(Running r, Throwable t) {
        features.remove(r);
        String why = AgentLog.describe(t);
        AgentLog.line(r.source.name() + " off after a failure: " + why);
        status(r.source.name(), "off", why);
        closeQuietly(r.source);
    }

    /** Waits shorter than a feature's threshold are not reported, so sampling faster than that is waste. */
    private long samplePeriod() {
        long min = MAX_SAMPLE_NANOS;
        for (Running r : features) {
            if (r.min.toNanos() > 0) {
                min = Math.min(min, r.min.toNanos());
            }
        }
        return Math.max(MIN_SAMPLE_NANOS, min);
    }

    private void shutDown() {
        awaitStarters();
        try {
            if (context != null) {
                pollAll();
                reportAll();
                context.flushPending(true);
                context.histograms().unregister();
                context.writeFinalHistograms();
            }
        } catch (Throwable t) {
            AgentLog.line("final drain failed: " + AgentLog.describe(t));
        }
        for (Running r : features) {
            closeQuietly(r.source);
            status(r.source.name(), "stopped", String.valueOf(endedBy));
        }
        features.clear();
        if (methodProbes != null) {
            closeQuietly(methodProbes);
            methodProbes = null;
        }
        flushStatus();
        MethodDescriptors descriptors = inst == null ? null : new MethodDescriptors(inst);
        Clock clock = new Clock();
        String written = recording.finish(EXIT.equals(endedBy),
            context == null ? t -> dev.hotscope.jfr.writer.ThreadIdentity.of(t, 0, null) : context::identity,
            descriptors == null ? f -> f : descriptors::complete,
            context == null ? clock::epochNanos : context::epochNanos);
        setSummary("stopped (" + endedBy + "); " + written);
        AgentLog.line(summary);
        started.countDown();
        finished.countDown();
    }

    private Symbolizer symbolizer() {
        try {
            return Symbolizer.forProcess(pid);
        } catch (Throwable t) {
            AgentLog.line("stacks will not be symbolized: " + AgentLog.describe(t));
            return null;
        }
    }

    private String describeFeatures() {
        List<String> on = new ArrayList<>();
        for (Running r : features) {
            on.add(r.source.describe(r.min));
        }
        if (methodProbes != null) {
            on.add("probe=" + String.join(",probe=", options.probes()));
        }
        return on.isEmpty() ? "no feature running" : String.join(" ", on);
    }

    /** The event budget, when a BPF feature runs under one. */
    private String describeBudget() {
        boolean bpf = features.stream().anyMatch(r -> !(r.source instanceof GcFeature));
        return !bpf || options.budget().isUnlimited() ? "" : "; at most " + options.budget() + " records per feature";
    }

    private List<String> optionNames() {
        List<String> names = new ArrayList<>();
        options.features().keySet().forEach(f -> names.add(f.option()));
        return names;
    }

    /** Status events wait until the recording runs, or they would miss it. */
    private void status(String feature, String state, String message) {
        AgentStatusEvent e = new AgentStatusEvent();
        e.feature = feature;
        e.state = state;
        e.message = message;
        synchronized (pendingStatus) {
            if (!statusFlushed) {
                pendingStatus.add(e);
                return;
            }
        }
        commitStatus(e);
    }

    private void commitStatus(AgentStatusEvent e) {
        if (recording.othersRecording()) {
            e.commit();
        }
        recording.add(new dev.hotscope.jfr.writer.AttributedEvent(e, System.nanoTime(), 0, null, List.of()));
    }

    private void flushStatus() {
        synchronized (pendingStatus) {
            pendingStatus.forEach(this::commitStatus);
            pendingStatus.clear();
            statusFlushed = true;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Throwable t) {
            AgentLog.line("closing failed: " + AgentLog.describe(t));
        }
    }

    private record Running(FeatureSource source, Duration min) {}
}
