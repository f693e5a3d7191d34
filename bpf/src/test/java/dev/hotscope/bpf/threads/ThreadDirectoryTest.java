package dev.hotscope.bpf.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ThreadDirectoryTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /** What the target printed about one of its threads. */
    private record Reported(String name, long javaId, long tid, boolean daemon) {}

    static Stream<Arguments> jdks() {
        return Stream.of(Arguments.of("17", ForkedProcess.JDK17), Arguments.of("25", ForkedProcess.JDK25));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void namesEveryThreadOfAnotherJvm(String version, Path jdk) throws Exception {
        assumeTrue(ForkedProcess.installed(jdk), "JDK " + version + " is not installed at " + jdk);
        try (ForkedProcess jvm = ForkedProcess.java(jdk, ThreadTarget.class)) {
            Map<String, Reported> reported = parse(jvm.readUntil("ready", STARTUP));
            long[] tidsBefore = ProcTasks.tids(jvm.pid());

            ThreadDirectory directory = ThreadDirectory.forProcess(jvm.pid());

            assertThat(directory.problem()).isEmpty();
            assertThat(reported.keySet()).containsExactlyInAnyOrder("sleeper", "fsyncer", "daemon-helper");
            for (Reported r : reported.values()) {
                assertThat(directory.lookup(r.tid()))
                    .isEqualTo(new ThreadInfo(r.tid(), r.name(), r.javaId(), r.daemon(), true, ThreadSource.JCMD));
            }
            assertThat(directory.threads()).extracting(ThreadInfo::tid).contains(box(tidsBefore));
            ThreadInfo main = directory.threads().stream().filter(t -> t.name().equals("main")).findFirst().orElseThrow();
            assertThat(main.isJavaThread()).isTrue();
            assertThat(main.daemon()).isFalse();
            assertThat(main.javaThreadId()).isPositive();
            assertThat(main.source()).isEqualTo(ThreadSource.JCMD);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void internalThreadsAreNoJavaThreadsAndUnlistedOnesAreNamedFromComm(String version, Path jdk) throws Exception {
        assumeTrue(ForkedProcess.installed(jdk), "JDK " + version + " is not installed at " + jdk);
        try (ForkedProcess jvm = ForkedProcess.java(jdk, ThreadTarget.class)) {
            jvm.readUntil("ready", STARTUP);

            ThreadDirectory directory = ThreadDirectory.forProcess(jvm.pid());

            // GC workers are listed by Thread.print, but without a Java thread id
            assertThat(directory.threads()).filteredOn(t -> t.name().startsWith("GC Thread#")).isNotEmpty()
                .allSatisfy(t -> {
                    assertThat(t.isJavaThread()).isFalse();
                    assertThat(t.javaThreadId()).isEqualTo(-1);
                    assertThat(t.source()).isEqualTo(ThreadSource.JCMD);
                });
            // the launcher's primordial thread (tid == pid) is no JVM thread at all: named from comm
            ThreadInfo primordial = directory.lookup(jvm.pid());
            assertThat(primordial.source()).isEqualTo(ThreadSource.COMM);
            assertThat(primordial.name()).isEqualTo(ProcTasks.comm(jvm.pid(), jvm.pid())).isEqualTo("java");
            assertThat(primordial.isJavaThread()).isFalse();
            // every thread is known; comm agrees with the JVM's names where it is not truncated, except
            // for "main", which the launcher created, so its comm stays "java"
            assertThat(directory.threads()).filteredOn(t -> t.name().equals("main")).singleElement()
                .satisfies(t -> assertThat(ProcTasks.comm(jvm.pid(), t.tid())).isEqualTo("java"));
            for (long tid : ProcTasks.tids(jvm.pid())) {
                ThreadInfo info = directory.lookup(tid);
                assertThat(info.source()).isIn(ThreadSource.JCMD, ThreadSource.COMM);
                String comm = ProcTasks.comm(jvm.pid(), tid);
                if (comm != null && comm.length() < 15 && info.source() == ThreadSource.JCMD
                    && !info.name().equals("main")) {
                    assertThat(info.name()).startsWith(comm);
                }
            }
        }
    }

    @Test
    void refreshPicksUpNewThreadsAtMostOncePerInterval() throws Exception {
        try (ForkedProcess jvm = ForkedProcess.java(ForkedProcess.JDK17, ThreadTarget.class)) {
            jvm.readUntil("ready", STARTUP);
            ThreadDirectory directory = ThreadDirectory.forProcess(jvm.pid());

            jvm.send("spawn late-arrival-with-a-long-name");
            Reported late = parse(jvm.readUntil("spawned", STARTUP)).get("late-arrival-with-a-long-name");

            ThreadInfo before = directory.lookup(late.tid());
            assertThat(before.source()).isEqualTo(ThreadSource.COMM);
            assertThat(before.name()).isEqualTo("late-arrival-wi"); // comm keeps 15 bytes
            Thread.sleep(ThreadDirectory.MIN_REFRESH_INTERVAL.toMillis() + 100);
            assertThat(directory.refresh()).isTrue();
            assertThat(directory.refresh()).isFalse();
            assertThat(directory.lookup(late.tid())).isEqualTo(new ThreadInfo(late.tid(),
                "late-arrival-with-a-long-name", late.javaId(), false, true, ThreadSource.JCMD));
        }
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.getId() is what --release 17 offers
    void namesThreadsOfTheCurrentJvmThroughTheMBean() {
        ThreadDirectory directory = ThreadDirectory.forProcess(ProcessHandle.current().pid());
        Thread current = Thread.currentThread();

        ThreadInfo info = directory.lookup(ThreadTarget.osTid());

        assertThat(info).isEqualTo(new ThreadInfo(ThreadTarget.osTid(), current.getName(), current.getId(),
            current.isDaemon(), true, ThreadSource.DIAGNOSTIC_MBEAN));
    }

    @Test
    void threadsOfOtherProcessesAreNamedFromComm() throws Exception {
        try (ForkedProcess sleep = ForkedProcess.start(List.of("sleep", "60"))) {
            awaitExec(sleep.pid(), "sleep");

            ThreadDirectory directory = ThreadDirectory.forProcess(sleep.pid());

            assertThat(directory.threads())
                .containsExactly(new ThreadInfo(sleep.pid(), "sleep", -1, false, false, ThreadSource.COMM));
            assertThat(directory.problem()).isEmpty();
        }
    }

    @Test
    void unknownThreadsGetAPlaceholderName() {
        ThreadDirectory directory = ThreadDirectory.forProcess(ProcessHandle.current().pid());

        assertThat(directory.lookup(Integer.MAX_VALUE))
            .isEqualTo(new ThreadInfo(Integer.MAX_VALUE, "[tid 2147483647]", -1, false, false, ThreadSource.NONE));
    }

    @Test
    void aMissingProcessIsAnIllegalArgument() {
        assertThatThrownBy(() -> ThreadDirectory.forProcess(999_999_999L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("no process with pid 999999999");
        assertThatThrownBy(() -> ThreadDirectory.forProcess(-1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("no process with pid -1");
    }

    @Test
    void tidTableFindsEveryEntry() {
        List<ThreadInfo> infos = Stream.iterate(1L, t -> t + 7).limit(1000)
            .map(t -> new ThreadInfo(t, "t" + t, -1, false, false, ThreadSource.COMM)).collect(Collectors.toList());
        TidTable table = new TidTable(infos);

        for (ThreadInfo info : infos) {
            assertThat(table.get(info.tid())).isSameAs(info);
        }
        assertThat(table.get(2)).isNull();
        assertThat(new TidTable(List.of()).get(1)).isNull();
    }

    private static Map<String, Reported> parse(List<String> lines) {
        Map<String, Reported> result = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 5 && f[0].equals("thread")) {
                result.put(f[1], new Reported(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Boolean.parseBoolean(f[4])));
            }
        }
        return result;
    }

    private static Long[] box(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    private static void awaitExec(long pid, String comm) throws InterruptedException {
        for (int i = 0; i < 100 && !comm.equals(ProcTasks.comm(pid, pid)); i++) {
            Thread.sleep(20);
        }
        assertThat(Files.exists(Path.of("/proc/" + pid))).isTrue();
    }
}
