package dev.hotscope.bpf.unwind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.threads.ForkedProcess;
import dev.hotscope.bpf.unwind.UnwoundStack.StopReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Captures user registers and stacks with stackcopy.bpf.o at sys_enter in forked processes, unwinds
 * them with {@link Unwinder} and names the frames with the symbolizer.
 */
class UnwinderBpfTest {
    private static final int SYS_GETPPID = 110;
    private static final int SYS_FUTEX = 202;
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /** a() → b() → c() → syscall(SYS_getppid), none inlined, no frame pointers, locals on the stack. */
    private static final String CHAIN = """
        #include <stdio.h>
        #include <unistd.h>
        #include <sys/syscall.h>
        #define NOINLINE __attribute__((noinline, noclone))
        volatile long sink;
        NOINLINE long c(long x) { volatile char pad[40]; pad[0] = (char) x; long r = syscall(SYS_getppid); sink += pad[0]; return r + x; }
        NOINLINE long b(long x) { volatile char pad[72]; pad[1] = (char) x; long r = c(x + 1); sink += pad[1]; return r * 3; }
        NOINLINE long a(long x) { volatile char pad[24]; pad[2] = (char) x; long r = b(x + 2); sink += pad[2]; return r - 1; }
        int main(void) {
            alarm(300); /* never outlive a crashed test */
            printf("ready\\n");
            fflush(stdout);
            for (long i = 0;; i++) { sink += a(i); usleep(1000); }
        }
        """;

    @TempDir
    Path dir;

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    /**
     * The main thread's stack ends a few KiB above c()'s frame (environment, auxv), so a 16 KiB read
     * from rsp fails: with the mapping looked up, one read of the right size (or the retries if a
     * page in between was never touched); without, the retries.
     */
    @ParameterizedTest(name = "find_vma {0}")
    @ValueSource(booleans = {true, false})
    void unwindsACProgramWithoutFramePointers(boolean findVma) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        Path exe = dir.resolve("chain");
        Files.writeString(dir.resolve("chain.c"), CHAIN);
        gcc("-O2", "-fomit-frame-pointer", "-fasynchronous-unwind-tables", "-o", exe.toString(), "chain.c");
        try (ForkedProcess p = ForkedProcess.start(List.of(exe.toString()))) {
            p.readUntil("ready", STARTUP);

            List<StackCopy.Event> events = StackCopy.capture(p.pid(), 0, SYS_GETPPID, 5, Duration.ofSeconds(10), findVma);

            assertThat(events).hasSize(5);
            Unwinder unwinder = Unwinder.forProcess(p.pid());
            Symbolizer symbolizer = Symbolizer.forProcess(p.pid());
            for (StackCopy.Event e : events) {
                assertThat(e.tid()).isEqualTo(p.pid());
                assertThat(e.nr()).isEqualTo(SYS_GETPPID);
                UserStackSample sample = e.sample();
                assertThat(sample.size()).isPositive().isLessThan(UserStackSample.DEFAULT_STACK_BYTES);
                // Even within the mapping a read can fault: exec leaves up to 8 KiB of random, untouched
                // gap below the argument strings, so that is allowed with the lookup too.
                assertThat(sample.error()).isIn(findVma ? List.of(0, -14) : List.of(-14)); // EFAULT
                assertThat((sample.sp() + sample.size()) % 4096).as("ends on a page boundary").isZero();
                UnwoundStack stack = unwinder.unwind(sample);
                List<Frame> frames = symbolize(symbolizer, stack);
                List<String> functions = frames.stream().map(Frame::function).toList();
                String why = describe(sample, stack, frames);

                assertThat(frames.get(0).module()).as(why).isEqualTo("libc.so.6");
                int c = functions.indexOf("c");
                assertThat(c).as(why).isPositive();
                assertThat(functions.subList(c, c + 4)).as(why).containsExactly("c", "b", "a", "main");
                assertThat(functions.subList(0, c)).as(why).allSatisfy(f -> assertThat(f).isIn("syscall", "getppid"));
                assertThat(frames.subList(c, c + 4)).as(why).allSatisfy(f -> assertThat(f.module()).isEqualTo("chain"));
                assertThat(stack.framePointerSteps()).as(why).isZero();
                assertThat(stack.stop()).as(why).isIn(StopReason.END_OF_STACK, StopReason.LEFT_STACK_COPY);
            }
            System.out.println("C chain: " + describe(events.get(0).sample(), unwinder.unwind(events.get(0).sample()),
                symbolize(symbolizer, unwinder.unwind(events.get(0).sample()))));
        }
    }

    @Test
    void unwindsAJavaThreadSleepingThroughLibcAndLibjvmIntoJitCode() throws Exception {
        assumeTrue(ForkedProcess.installed(ForkedProcess.JDK17), "JDK 17 is not installed");
        try (ForkedProcess jvm = ForkedProcess.java(ForkedProcess.JDK17, SleeperTarget.class, "-XX:+PreserveFramePointer",
            "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,dev.hotscope.bpf.unwind.SleeperTarget::sleepOnce")) {
            jvm.readUntil("ready", STARTUP);
            long tid = threadNamed(jvm.pid(), "sleeper");
            Unwinder unwinder = Unwinder.forProcess(jvm.pid());
            Symbolizer symbolizer = Symbolizer.forProcess(jvm.pid());

            List<Frame> best = List.of();
            UnwoundStack bestStack = null;
            UserStackSample bestSample = null;
            Map<String, Integer> summary = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !hasJitSleepOnce(best)) {
                List<StackCopy.Event> events = StackCopy.capture(jvm.pid(), tid, SYS_FUTEX, 20, Duration.ofSeconds(5));
                assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.tid()).isEqualTo(tid));
                summary.clear();
                for (StackCopy.Event e : events) {
                    UnwoundStack stack = unwinder.unwind(e.sample());
                    List<Frame> frames = symbolize(symbolizer, stack);
                    summary.merge(frames.get(0).function() + ": " + stack.depth() + " frames, " + stack.stop()
                        + (hasJitSleepOnce(frames) ? ", JIT sleepOnce" : ""), 1, Integer::sum);
                    if (score(frames) > score(best)) {
                        best = frames;
                        bestStack = stack;
                        bestSample = e.sample();
                    }
                }
            }
            String why = describe(bestSample, bestStack, best);
            System.out.println("JVM sleeper: " + why + "last batch: " + summary);

            List<String> functions = best.stream().map(Frame::function).toList();
            assertThat(best.get(0).module()).as(why).isEqualTo("libc.so.6");
            assertThat(functions).as(why).anySatisfy(f -> assertThat(f).startsWith("JVM_Sleep"));
            assertThat(functions).as(why).anySatisfy(f -> assertThat(f).contains("java.lang.Thread.sleep"));
            assertThat(best).as(why).anySatisfy(f -> {
                assertThat(f.kind()).isEqualTo(FrameKind.JAVA_JIT);
                assertThat(f.function()).contains("SleeperTarget.sleepOnce");
            });
            assertThat(bestStack.cfiSteps()).as(why).isPositive();
            assertThat(bestStack.framePointerSteps()).as(why).isPositive();
            measure(unwinder, symbolizer, bestSample);
        }
    }

    /** Prints the cost of unwinding (and symbolizing) one sample, warm. Not asserted. */
    private static void measure(Unwinder unwinder, Symbolizer symbolizer, UserStackSample sample) {
        int n = 200_000;
        long sink = 0;
        for (int i = 0; i < n / 4; i++) {
            sink += unwinder.unwind(sample).depth();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += unwinder.unwind(sample).depth();
        }
        long unwind = (System.nanoTime() - start) / n;
        UnwoundStack stack = unwinder.unwind(sample);
        Frame[] frames = new Frame[stack.depth()];
        long[] addresses = stack.addresses();
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            symbolizer.symbolizeStack(addresses, addresses.length, frames);
            sink += frames.length;
        }
        long symbolize = (System.nanoTime() - start) / n;
        System.out.printf("unwind of %d frames: %d ns; symbolization: %d ns (%d)%n", stack.depth(), unwind, symbolize, sink);
    }

    private static boolean hasJitSleepOnce(List<Frame> frames) {
        return frames.stream().anyMatch(f -> f.kind() == FrameKind.JAVA_JIT && f.function().contains("SleeperTarget.sleepOnce"))
            && frames.stream().anyMatch(f -> f.function().contains("java.lang.Thread.sleep"));
    }

    /** Prefers stacks through the JIT-compiled sleepOnce, then the futex wait of the sleep itself, then depth. */
    private static int score(List<Frame> frames) {
        if (frames.isEmpty()) {
            return -1;
        }
        return (hasJitSleepOnce(frames) ? 1000 : 0) + (frames.get(0).function().contains("futex") ? 500 : 0) + frames.size();
    }

    private static List<Frame> symbolize(Symbolizer symbolizer, UnwoundStack stack) {
        long[] addresses = stack.addresses();
        Frame[] frames = new Frame[addresses.length];
        symbolizer.symbolizeStack(addresses, addresses.length, frames);
        return List.of(frames);
    }

    private static String describe(UserStackSample sample, UnwoundStack stack, List<Frame> frames) {
        StringBuilder s = new StringBuilder();
        if (sample != null) {
            s.append(String.format("ip 0x%x sp 0x%x bp 0x%x, %d stack bytes (err %d); ", sample.ip(), sample.sp(),
                sample.bp(), sample.size(), sample.error()));
        }
        s.append(stack).append('\n');
        for (Frame f : frames) {
            s.append(String.format("  0x%x %s %s%n", f.address(), f.kind(), f));
        }
        return s.toString();
    }

    private static long threadNamed(long pid, String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim().equals(name)) {
                    return Long.parseLong(task.getFileName().toString());
                }
            }
        }
        throw new AssertionError("no thread named " + name + " in " + pid);
    }

    private void gcc(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/gcc"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("gcc %s: %s", command, out).isZero();
    }
}
