package dev.hotscope.tests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.jfr.events.GcPauseEvent;
import dev.hotscope.jfr.events.LockWaitEvent;
import dev.hotscope.jfr.events.OffCpuEvent;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import dev.hotscope.tests.session.AgentWorkload;
import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;

/** Recordings to report on: what the agent wrote about a real workload, or one made in this JVM. */
final class ReportInputs {
    static final Path DIST_JAR = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("dist/hotscope.jar");
    /** Every feature, with thresholds low enough that the workload's waits show. */
    static final String AGENT_OPTIONS = "syscall=1ms,lock=1ms,offcpu=5ms,runq=2ms,gc,interval=1s,duration=3s";

    private ReportInputs() {}

    /**
     * The agent's recording of {@link AgentWorkload} contending locks, churning the heap, oversubscribing the
     * CPUs and sleeping. Needs root for BPF: without it, {@link #inProcess} stands in.
     */
    static Path agentRecording(Path dir) throws Exception {
        assertThat(DIST_JAR).as("the agent jar; build it with mvn -pl javaagent -am install").isRegularFile();
        if (!"root".equals(System.getProperty("user.name"))) {
            return inProcess(dir.resolve("in-process.jfr"));
        }
        Path file = dir.resolve("agent.jfr");
        List<String> command = List.of(JavaLaunchers.current().toString(),
            "-javaagent:" + DIST_JAR + "=" + AGENT_OPTIONS + ",file=" + file, "-XX:+PreserveFramePointer",
            "-cp", workloadClasses().toString(), AgentWorkload.class.getName(), "5", "sync", "reentrant", "gc", "runq",
            "sleep");
        try (ChildProcess run = ChildProcess.start("workload", command, Map.of())) {
            assertThat(run.awaitExit(Duration.ofSeconds(120))).as("the workload's exit code\n%s", run.describe()).isZero();
        }
        assertThat(file).as("the agent's recording").isRegularFile();
        assertThat(Files.size(file)).isPositive();
        return file;
    }

    /** A recording of hotscope events committed in this JVM, as the agent would about this thread. */
    static Path inProcess(Path file) throws Exception {
        try (Recording r = new Recording()) {
            r.enable("hotscope.SyscallLatency");
            r.enable("hotscope.LockWait");
            r.enable("hotscope.OffCpu");
            r.enable("hotscope.GcPause");
            r.start();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 20; i++) {
                SyscallLatencyEvent s = new SyscallLatencyEvent();
                s.javaThread = Thread.currentThread();
                s.threadName = "report-test-" + i % 3;
                s.osThreadId = 100 + i % 3;
                s.began = now - 2000 + i * 90;
                s.syscall = i % 2 == 0 ? "read" : "fsync";
                s.latency = (i + 1) * 1_000_000L;
                s.stack = "com.acme.Io.call" + i % 4 + ":10 [java]\ncom.acme.Io.run:20 [java]\n";
                s.commit();
                LockWaitEvent l = new LockWaitEvent();
                l.threadName = s.threadName;
                l.osThreadId = s.osThreadId;
                l.began = s.began + 40;
                l.kind = "futex";
                l.wait = 2_000_000L * (i + 1);
                l.wakerName = "report-test-holder";
                l.stack = "com.acme.Lock.take:5 [java]\n";
                l.commit();
                OffCpuEvent o = new OffCpuEvent();
                o.threadName = s.threadName;
                o.osThreadId = s.osThreadId;
                o.began = s.began;
                o.reason = "sleeping";
                o.offCpu = 3_000_000L * (i + 1);
                o.stack = s.stack;
                o.commit();
            }
            GcPauseEvent g = new GcPauseEvent();
            g.began = now - 1000;
            g.pause = 15_000_000L;
            g.starvation = 0.3;
            g.commit();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    private static Path workloadClasses() throws Exception {
        return Path.of(AgentWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
