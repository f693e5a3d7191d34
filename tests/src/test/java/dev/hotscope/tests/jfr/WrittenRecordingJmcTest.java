package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCPackage;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.IAttribute;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.flightrecorder.internal.EventArray;
import org.openjdk.jmc.flightrecorder.stacktrace.FrameSeparator;
import org.openjdk.jmc.flightrecorder.stacktrace.StacktraceFormatToolkit;
import org.openjdk.jmc.flightrecorder.stacktrace.tree.Node;
import org.openjdk.jmc.flightrecorder.stacktrace.tree.StacktraceTreeModel;

/**
 * The agent's written file read back with JMC's own parser and rules: hotscope's types with their
 * labels and categories, its events on the lanes of the threads they are about with those threads'
 * frames and their real interval, and the JDK's events untouched.
 */
class WrittenRecordingJmcTest {
    private static final String WORKLOAD = JfrWorkload.class.getName();
    /** Label and sub-category of each type the run must produce. */
    private static final Map<String, List<String>> TYPES = types();
    /** Types written with their thread and stack in hotscope's own chunk, and the field that is their duration. */
    private static final Map<String, String> ATTRIBUTED = Map.of("hotscope.SyscallLatency", "latency",
        "hotscope.LockWait", "wait", "hotscope.OffCpu", "offCpu", "hotscope.RunQueueLatency", "latency",
        "hotscope.GcPause", "pause", "hotscope.Safepoint", "total");

    /** Types hotscope's chunk may hold: the attributed ones and those the agent itself emits. */
    private static final Set<String> CHUNK_TYPES = Set.of("hotscope.SyscallLatency", "hotscope.LockWait",
        "hotscope.OffCpu", "hotscope.RunQueueLatency", "hotscope.GcPause", "hotscope.Safepoint",
        "hotscope.LatencyHistogram", "hotscope.AgentStatus", "hotscope.LostEvents");
    /** Fields the JDK itself gives no description (JMC's own derived attributes, "(...)", have none either). */
    private static final Set<String> UNDESCRIBED = Set.of("startTime", "duration");

    private static WrittenRecording rec;
    private static IItemCollection items;

    private static Map<String, List<String>> types() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("hotscope.SyscallLatency", List.of("Syscall Latency", "Syscalls"));
        t.put("hotscope.LockWait", List.of("Lock Wait", "Locks"));
        t.put("hotscope.OffCpu", List.of("Off-CPU", "Scheduler"));
        t.put("hotscope.RunQueueLatency", List.of("Run Queue Latency", "Scheduler"));
        t.put("hotscope.GcPause", List.of("GC Pause", "GC"));
        t.put("hotscope.Safepoint", List.of("Safepoint", "GC"));
        t.put("hotscope.MethodSpan", List.of("Method Span", "Methods"));
        t.put("hotscope.AgentStatus", List.of("Agent Status", "Agent"));
        t.put("hotscope.LatencyHistogram", List.of("Latency Histogram", "Histograms"));
        t.put("hotscope.OffCpuStack", List.of("Off-CPU By Stack", "Scheduler"));
        return t;
    }

    @BeforeAll
    static void record() throws Exception {
        Assertions.useRepresentation(JmcItems.SHOWN);
        rec = WrittenRecording.get();
        long began = System.nanoTime();
        items = rec.items();
        System.out.printf("written recording: %s, %d bytes, %d chunks, agent run %d ms, JMC load %d ms%n",
            rec.file, java.nio.file.Files.size(rec.file), rec.chunks, rec.runTime.toMillis(),
            (System.nanoTime() - began) / 1_000_000);
        System.out.println("events by type (RecordingFile): " + RecordingParts.withPrefix(rec.counts, "hotscope."));
    }

    @AfterAll
    static void showAsUsual() {
        Assertions.useDefaultRepresentation();
    }

    @Test
    void eachHotscopeTypeHasItsLabelCategoryAndLabelledFields() throws Exception {
        Map<String, List<EventArray>> byType = new TreeMap<>();
        for (EventArray a : rec.arrays().getArrays()) {
            byType.computeIfAbsent(a.getType().getIdentifier(), k -> new ArrayList<>()).add(a);
        }
        TYPES.forEach((type, expected) -> {
            List<EventArray> arrays = byType.getOrDefault(type, List.of());
            assertThat(arrays.stream().mapToInt(a -> a.getEvents().length).sum()).as("%s events in JMC", type)
                .isPositive();
            for (EventArray a : arrays) {
                assertThat(a.getType().getName()).as("label of %s", type).isEqualTo(expected.get(0));
                assertThat(a.getTypeCategory()).as("category of %s", type)
                    .containsExactly("hotscope", expected.get(1));
                for (IAttribute<?> attribute : a.getType().getAttributes()) {
                    String field = attribute.getIdentifier();
                    assertThat(attribute.getName()).as("label of %s.%s", type, field).isNotBlank();
                    if (!UNDESCRIBED.contains(field) && !field.startsWith("(")) {
                        assertThat(attribute.getDescription()).as("description of %s.%s", type, field).isNotBlank();
                    }
                }
            }
        });
    }

    @Test
    void jmcReadsEveryHotscopeEventExactlyOnce() {
        Map<String, Long> jmc = new TreeMap<>();
        Map<String, Long> distinct = new TreeMap<>();
        for (String type : RecordingParts.withPrefix(rec.counts, "hotscope.").keySet()) {
            List<IItem> list = JmcItems.ofType(items, type);
            Set<IItem> unique = Collections.newSetFromMap(new IdentityHashMap<>());
            unique.addAll(list);
            jmc.put(type, (long) list.size());
            distinct.put(type, (long) unique.size());
        }
        assertThat(jmc).as("items JMC gives per type, against the JDK's RecordingFile")
            .isEqualTo(RecordingParts.withPrefix(rec.counts, "hotscope."));
        assertThat(distinct).as("distinct items JMC gives per type (the same item twice is a duplicate)")
            .isEqualTo(jmc);
    }

    @Test
    void waitsAreOnTheLaneOfTheThreadTheyAreAbout() {
        Map<String, IMCThread> started = threadStarts();
        assertThat(started).as("jdk.ThreadStart of the workload's threads")
            .containsKeys(JfrWorkload.SLEEPER, JfrWorkload.WAITER, JfrWorkload.HOLDER, JfrWorkload.SPINNER);
        IMCThread sleeper = sameThread("jdk.ThreadSleep", JfrWorkload.SLEEPER, started);
        IMCThread waiter = sameThread("jdk.ThreadPark", JfrWorkload.WAITER, started);
        IMCThread spinner = sameThread("jdk.ExecutionSample", JfrWorkload.SPINNER, started);
        assertOnLane(JmcItems.onThread(items, "hotscope.SyscallLatency", JfrWorkload.SLEEPER), sleeper);
        assertOnLane(JmcItems.onThread(items, "hotscope.LockWait", JfrWorkload.WAITER), waiter);
        IMCThread holder = started.get(JfrWorkload.HOLDER);
        assertThat(JmcItems.onThread(items, "hotscope.LockWait", JfrWorkload.WAITER)).as("waits woken by the holder")
            .anySatisfy(i -> {
                assertThat(JmcItems.thread(i, "waker")).as("the waker field").isEqualTo(holder);
                assertThat(JmcItems.thread(i, "waker").getThreadId()).isEqualTo(holder.getThreadId());
            });
        List<IItem> aboutSpinner = new ArrayList<>();
        for (String type : ATTRIBUTED.keySet()) {
            aboutSpinner.addAll(JmcItems.onThread(items, type, JfrWorkload.SPINNER));
        }
        assertOnLane(aboutSpinner, spinner);
        for (String type : ATTRIBUTED.keySet()) {
            assertThat(JmcItems.ofType(items, type)).as("%s committed by the agent's thread", type)
                .noneMatch(i -> JmcItems.eventThread(i) != null
                    && JmcItems.eventThread(i).getThreadName().startsWith("hotscope-"));
        }
    }

    @Test
    void inProcessStacksHaveTheWorkloadsMethodsWithTheJdksLineNumbers() {
        assertWorkloadFrames("hotscope.SyscallLatency", JfrWorkload.SLEEPER, "jdk.ThreadSleep", "napLoop");
        assertWorkloadFrames("hotscope.LockWait", JfrWorkload.WAITER, "jdk.ThreadPark", "waitForLock");
    }

    @Test
    void stacksAreKernelThenNativeThenJavaFramesEachFrameOnce() {
        List<IItem> inProcess = new ArrayList<>(inProcess("hotscope.SyscallLatency", JfrWorkload.SLEEPER));
        inProcess.addAll(inProcess("hotscope.LockWait", JfrWorkload.WAITER));
        assertThat(inProcess).isNotEmpty();
        assertThat(inProcess).as("in-process stacks completed with BPF's frames").anySatisfy(i ->
            assertThat(JmcItems.frames(i)).anyMatch(f -> f.getType() == IMCFrame.Type.KERNEL)
                .anyMatch(f -> f.getType() == IMCFrame.Type.NATIVE && isLibrary(f)));
        for (IItem i : inProcess) {
            List<? extends IMCFrame> frames = JmcItems.frames(i);
            String stack = JmcItems.describe(frames);
            int firstNonKernel = 0;
            while (firstNonKernel < frames.size() && frames.get(firstNonKernel).getType() == IMCFrame.Type.KERNEL) {
                firstNonKernel++;
            }
            for (int k = 0; k < frames.size(); k++) {
                IMCFrame f = frames.get(k);
                boolean kernelClass = JmcItems.className(f).equals("kernel");
                assertThat(f.getType() == IMCFrame.Type.KERNEL)
                    .as("frame %d kernel typed iff of class kernel:%s", k, stack).isEqualTo(kernelClass);
                assertThat(k >= firstNonKernel && f.getType() == IMCFrame.Type.KERNEL)
                    .as("kernel frame %d after a user frame:%s", k, stack).isFalse();
                if (isLibrary(f) && !kernelClass) {
                    assertThat(f.getType()).as("library frame %d:%s", k, stack).isIn(IMCFrame.Type.NATIVE,
                        IMCFrame.Type.INTERPRETED, IMCFrame.Type.UNKNOWN);
                }
            }
            int firstJava = 0;
            while (firstJava < frames.size() && isLibrary(frames.get(firstJava))) {
                firstJava++;
            }
            assertThat(frames.subList(firstJava, frames.size()))
                .as("no native, kernel or interpreter frame after the first Java frame (frame %d):%s", firstJava, stack)
                .noneMatch(WrittenRecordingJmcTest::isLibrary);
            Map<String, Long> workloadMethods = frames.stream().filter(f -> isWorkload(f) && !isLambda(f)).collect(
                Collectors.groupingBy(f -> f.getMethod().getMethodName(), TreeMap::new, Collectors.counting()));
            assertThat(workloadMethods).as("each workload method once:%s", stack)
                .allSatisfy((m, n) -> assertThat(n).isOne());
        }
    }

    /**
     * An in-process stack is completed with the native frames BPF saw in the same wait: a thread parked
     * (Unsafe_Park) is in Unsafe.park, a sleeping one (JVM_Sleep) in Thread.sleep.
     */
    @Test
    void nativeAndJavaFramesOfAStackAreOfTheSameWait() {
        List<IItem> inProcess = new ArrayList<>();
        for (String type : List.of("hotscope.SyscallLatency", "hotscope.LockWait", "hotscope.OffCpu")) {
            for (String thread : List.of(JfrWorkload.SLEEPER, JfrWorkload.WAITER, JfrWorkload.HOLDER)) {
                inProcess.addAll(inProcess(type, thread));
            }
        }
        assertThat(inProcess).isNotEmpty().allSatisfy(i -> {
            List<? extends IMCFrame> frames = JmcItems.frames(i);
            Set<String> natives = frames.stream().filter(WrittenRecordingJmcTest::isLibrary)
                .map(f -> f.getMethod().getMethodName()).collect(Collectors.toSet());
            Set<String> java = frames.stream().filter(f -> !isLibrary(f))
                .map(f -> JmcItems.className(f) + "." + f.getMethod().getMethodName()).collect(Collectors.toSet());
            String stack = JmcItems.describe(frames);
            if (natives.contains("Unsafe_Park")) {
                assertThat(java).as("parked:%s", stack).contains("jdk.internal.misc.Unsafe.park")
                    .doesNotContain("java.lang.Thread.sleep");
            }
            if (natives.contains("JVM_Sleep")) {
                assertThat(java).as("sleeping:%s", stack).contains("java.lang.Thread.sleep")
                    .doesNotContain("jdk.internal.misc.Unsafe.park");
            }
        });
    }

    /** Every event of hotscope's chunk about a workload thread (histograms too) names its Java thread. */
    @Test
    void everyEventAboutAWorkloadThreadCarriesItsJavaThread() {
        Map<String, IMCThread> started = threadStarts();
        Map<String, Long> withoutJavaThread = new TreeMap<>();
        long checked = 0;
        for (String type : CHUNK_TYPES) {
            for (IItem i : JmcItems.ofType(items, type)) {
                IMCThread t = JmcItems.eventThread(i);
                IMCThread jdk = t == null ? null : started.get(t.getThreadName());
                if (jdk == null || !t.getThreadName().startsWith("jfr-")) {
                    continue;
                }
                checked++;
                IMCThread field = JmcItems.thread(i, "javaThread");
                if (!jdk.getThreadId().equals(t.getThreadId()) || !jdk.equals(field)) {
                    withoutJavaThread.merge(type + " of " + t.getThreadName(), 1L, Long::sum);
                }
            }
        }
        System.out.printf("events about workload threads: %d, without their Java thread: %s%n", checked,
            withoutJavaThread);
        assertThat(checked).isPositive();
        assertThat(withoutJavaThread).as("events whose eventThread has no Java thread id or whose javaThread is null")
            .isEmpty();
    }

    @Test
    void javaFramesAreInTheirClassesPackage() {
        List<IItem> inProcess = new ArrayList<>(inProcess("hotscope.SyscallLatency", JfrWorkload.SLEEPER));
        inProcess.addAll(inProcess("hotscope.LockWait", JfrWorkload.WAITER));
        Set<String> workload = inProcess.stream().flatMap(i -> JmcItems.frames(i).stream())
            .filter(WrittenRecordingJmcTest::isWorkload).map(WrittenRecordingJmcTest::classAndPackage)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(workload).as("classes of the workload's frames").isNotEmpty();
        assertThat(workload).as("package of each workload class (lambdas included), as the JDK gives it")
            .allSatisfy(c -> assertThat(c).endsWith(" in dev.hotscope.tests.jfr"));
    }

    /** JMC's flame graph and stack trace views aggregate with this model and show each node's frame as text. */
    @Test
    void jmcsFlameGraphModelShowsEveryFrameOfHotscopesStacks() {
        FrameSeparator byMethod = new FrameSeparator(FrameSeparator.FrameCategorization.METHOD, false);
        for (String type : List.of("hotscope.SyscallLatency", "hotscope.LockWait", "hotscope.OffCpu")) {
            StacktraceTreeModel model = flameGraph(type, byMethod);
            List<String> failures = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            Deque<Node> todo = new ArrayDeque<>(model.getRoot().getChildren());
            while (!todo.isEmpty()) {
                Node node = todo.pop();
                todo.addAll(node.getChildren());
                try {
                    shown.add(StacktraceFormatToolkit.formatFrame(node.getFrame(), byMethod));
                } catch (RuntimeException e) {
                    failures.add(describeRaw(node.getFrame()) + ": " + e);
                }
            }
            System.out.printf("JMC flame graph of %s: %d nodes, %d not shown%n", type, shown.size() + failures.size(),
                failures.size());
            assertThat(failures).as("frames of %s JMC cannot show", type).isEmpty();
            assertThat(shown).as("frames of %s in JMC's flame graph", type).isNotEmpty();
        }
        StacktraceTreeModel waits = flameGraph("hotscope.LockWait", byMethod);
        List<String> paths = new ArrayList<>();
        collectMethods(waits.getRoot(), paths);
        assertThat(paths).as("the waiter's method in the flame graph of hotscope.LockWait")
            .anyMatch(m -> m.endsWith("JfrWorkload.waitForLock"));
    }

    /** JMC's model of a type's stacks; building it compares frames, which may fail on names JMC cannot convert. */
    private static StacktraceTreeModel flameGraph(String type, FrameSeparator separator) {
        List<StacktraceTreeModel> built = new ArrayList<>();
        assertThatCode(() -> built.add(new StacktraceTreeModel(items.apply(ItemFilters.type(type)), separator)))
            .as("JMC's flame graph model of %s", type).doesNotThrowAnyException();
        return built.get(0);
    }

    private static void collectMethods(Node node, List<String> out) {
        for (Node child : node.getChildren()) {
            IMCFrame f = child.getFrame();
            out.add(JmcItems.className(f) + "." + f.getMethod().getMethodName());
            collectMethods(child, out);
        }
    }

    /** A frame's type, method and package, which JMC gives even where naming its class throws. */
    private static String describeRaw(IMCFrame f) {
        return f.getType() + " " + f.getMethod().getMethodName() + " of a class in package \""
            + f.getMethod().getType().getPackage().getName() + "\"";
    }

    @Test
    void durationIsTheMeasuredIntervalAndStartIsWhenItBegan() {
        ATTRIBUTED.forEach((type, field) -> {
            List<IItem> list = JmcItems.ofType(items, type);
            assertThat(list).as(type).isNotEmpty();
            assertThat(list).as("%s: duration equals %s", type, field)
                .allSatisfy(i -> assertThat(JmcItems.durationNanos(i)).isEqualTo(JmcItems.nanos(i, field)));
            assertThat(list).as("%s: start time within 2 ms of began", type).allSatisfy(i ->
                assertThat(JmcItems.startEpochNanos(i) / 1_000_000).isCloseTo(JmcItems.epochMillis(i, "began"),
                    Offset.offset(2L)));
        });
    }

    @Test
    void theJdksEventsAreIntact() throws Exception {
        assertThat(rec.chunks).as("the JDK's chunks and hotscope's").isGreaterThanOrEqualTo(2);
        assertThat(JmcItems.ofType(items, "jdk.JVMInformation")).isNotEmpty();
        assertThat(JmcItems.ofType(items, "jdk.GarbageCollection")).isNotEmpty();
        assertThat(JmcItems.ofType(items, "jdk.ExecutionSample")).isNotEmpty()
            .allSatisfy(i -> assertThat(JmcItems.frames(i)).isNotEmpty());
        Map<String, Long> jdkInFile = RecordingParts.withPrefix(rec.counts, "jdk.");
        assertThat(RecordingParts.withPrefix(RecordingParts.countsByType(rec.jdkPart), "jdk."))
            .as("jdk.* events of the JDK's chunks alone").isEqualTo(jdkInFile);
        Map<String, Long> jmc = new TreeMap<>();
        for (IItemIterable it : items) {
            String type = it.getType().getIdentifier();
            if (type.startsWith("jdk.") && it.getItemCount() > 0) {
                jmc.merge(type, it.getItemCount(), Long::sum);
            }
        }
        assertThat(jmc).as("jdk.* events JMC reads").isEqualTo(jdkInFile);
        Map<String, Long> hotscopePart = RecordingParts.countsByType(rec.hotscopePart);
        assertThat(hotscopePart.keySet()).as("types of hotscope's chunk").isNotEmpty()
            .containsAll(ATTRIBUTED.keySet()).isSubsetOf(CHUNK_TYPES);
        assertThat(RecordingParts.countsByType(rec.jdkPart).keySet())
            .as("types of hotscope's chunk are not also in the JDK's part").doesNotContainAnyElementsOf(CHUNK_TYPES);
    }

    @Test
    void jmcsRulesRunOverTheFileAsOverTheJdksPartAlone() throws Exception {
        long began = System.nanoTime();
        Map<String, JmcRules.Outcome> full = JmcRules.evaluate(items);
        long fullMillis = (System.nanoTime() - began) / 1_000_000;
        Map<String, JmcRules.Outcome> jdkOnly = JmcRules.evaluate(WrittenRecording.load(rec.jdkPart));
        System.out.printf("JMC rules: %d rules over the file in %d ms%n%s%n", full.size(), fullMillis,
            full.values().stream().filter(o -> o.failure() != null || o.severity().getLimit() >= 0.25)
                .map(JmcRules.Outcome::toString).collect(Collectors.joining("\n")));
        full.forEach((id, o) -> {
            JmcRules.Outcome before = jdkOnly.get(id);
            boolean changed = before != null && before.failure() == null
                && (o.failure() != null || o.severity() != before.severity());
            if (changed) {
                System.out.println("rule changed by hotscope's chunk: " + before + "  ->  " + o);
            }
        });
        assertThat(full).as("rules evaluated").hasSizeGreaterThan(20);
        Set<String> failingBefore = jdkOnly.values().stream().filter(o -> o.failure() != null)
            .map(JmcRules.Outcome::ruleId).collect(Collectors.toSet());
        assertThat(full.values()).as("rules failing only with hotscope's chunk")
            .filteredOn(o -> o.failure() != null && !failingBefore.contains(o.ruleId())).isEmpty();
        assertThat(full.values()).as("rules with a result").filteredOn(o -> o.failure() == null).hasSizeGreaterThan(20);
    }

    private static Map<String, IMCThread> threadStarts() {
        Map<String, IMCThread> started = new TreeMap<>();
        for (IItem i : JmcItems.ofType(items, "jdk.ThreadStart")) {
            IMCThread t = JmcItems.thread(i, "thread");
            if (t != null && t.getThreadName() != null) {
                started.put(t.getThreadName(), t);
            }
        }
        return started;
    }

    /** The thread of a JDK event of that thread, checked to be the thread jdk.ThreadStart named. */
    private static IMCThread sameThread(String jdkType, String name, Map<String, IMCThread> started) {
        List<IItem> events = JmcItems.onThread(items, jdkType, name);
        assertThat(events).as("%s of %s", jdkType, name).isNotEmpty();
        IMCThread t = JmcItems.eventThread(events.get(0));
        assertThat(t).isEqualTo(started.get(name));
        assertThat(t.getThreadId()).isEqualTo(started.get(name).getThreadId());
        return t;
    }

    /** JMC puts events of equal threads (same OS thread id) on one lane; the Java ids are checked elsewhere. */
    private static void assertOnLane(List<IItem> events, IMCThread jdkThread) {
        assertThat(events).as("hotscope events on %s", jdkThread.getThreadName()).isNotEmpty().allSatisfy(i -> {
            IMCThread t = JmcItems.eventThread(i);
            assertThat(t).as("JMC's thread (its lane)").isEqualTo(jdkThread);
            assertThat(t.getThreadName()).isEqualTo(jdkThread.getThreadName());
        });
    }

    private static List<IItem> inProcess(String type, String thread) {
        return JmcItems.onThread(items, type, thread).stream()
            .filter(i -> "in-process".equals(JmcItems.text(i, "stackSource"))).collect(Collectors.toList());
    }

    /**
     * In-process stacks hold the workload's method with the line the JDK's own events of that thread
     * give it.
     */
    private static void assertWorkloadFrames(String type, String thread, String jdkType, String method) {
        List<IItem> inProcess = inProcess(type, thread);
        assertThat(inProcess).as("%s of %s with an in-process stack", type, thread).isNotEmpty();
        Integer jdkLine = JmcItems.onThread(items, jdkType, thread).stream().flatMap(i -> JmcItems.frames(i).stream())
            .filter(f -> isWorkload(f) && f.getMethod().getMethodName().equals(method))
            .map(IMCFrame::getFrameLineNumber).findFirst()
            .orElseThrow(() -> new AssertionError("no " + method + " in the stacks of " + jdkType));
        assertThat(inProcess).allSatisfy(i -> assertThat(JmcItems.frames(i))
            .as("frames of %s:%s", type, JmcItems.describe(JmcItems.frames(i)))
            .anySatisfy(f -> {
                assertThat(JmcItems.className(f)).isEqualTo(WORKLOAD);
                assertThat(f.getMethod().getMethodName()).isEqualTo(method);
                assertThat(f.getFrameLineNumber()).isPositive();
            }));
        // The waiter also naps between locks: some of its stacks are at another line of the same method.
        assertThat(inProcess).as("%s of %s at the line of %s the JDK gives", type, thread, jdkType)
            .anySatisfy(i -> assertThat(JmcItems.frames(i)).anySatisfy(f -> {
                assertThat(f.getMethod().getMethodName()).isEqualTo(method);
                assertThat(f.getFrameLineNumber()).isEqualTo(jdkLine);
            }));
    }

    private static String classAndPackage(IMCFrame f) {
        return JmcItems.className(f) + " in " + f.getMethod().getType().getPackage().getName();
    }

    private static boolean isWorkload(IMCFrame f) {
        return JmcItems.className(f).startsWith(WORKLOAD);
    }

    private static boolean isLambda(IMCFrame f) {
        return JmcItems.className(f).contains("$$Lambda");
    }

    /** A native, kernel, interpreter or code-cache frame: hotscope names its library as a class in no package. */
    private static boolean isLibrary(IMCFrame f) {
        IMCPackage pkg = f.getMethod().getType().getPackage();
        return pkg == null || pkg.getName() == null || pkg.getName().isEmpty();
    }
}
