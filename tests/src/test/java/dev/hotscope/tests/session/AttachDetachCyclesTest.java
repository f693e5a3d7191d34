package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.hotscope.tests.support.Commands;
import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attach and detach, again and again, on one JVM: nothing of ours stays in the kernel or the process. */
class AttachDetachCyclesTest {
    private static final int CYCLES = 20;
    private static final String STATUS = "hotscope.agent.status";
    private static final String OPTIONS = "syscall,lock,offcpu,runq,gc,probe=dev.hotscope.tests.session.AgentWorkload#pause";

    @Test
    void twentyCyclesLeaveNothingBehind(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        try (AgentRun run = AgentRun.start(null, List.of(), 0, "sleep", "sync")) {
            // The first cycle opens what the JVM keeps for its life: the attach listener's sockets, the
            // agent jar (on the class path from then on), SecureRandom's /dev/random and /dev/urandom,
            // and the jar of the method-probe bridge appended to the boot class path.
            send(run.pid(), OPTIONS + ",file=" + dir.resolve("warm-up.jfr"));
            send(run.pid(), "detach");
            KernelLeftovers before = KernelLeftovers.of(run.pid());
            for (int i = 1; i <= CYCLES; i++) {
                Path file = dir.resolve("cycle-" + i + ".jfr");
                String started = send(run.pid(), OPTIONS + ",file=" + file);
                assertThat(started).as("cycle %d", i).startsWith("running: ").contains(file.toString());
                String stopped = send(run.pid(), "detach");
                assertThat(stopped).as("cycle %d", i).startsWith("detached: ").contains("wrote " + file);
                assertThat(KernelLeftovers.leftSince(run.pid(), before, 0)).as("left after cycle %d", i).isEmpty();
                List<RecordedEvent> events = AgentRun.events(file);
                assertThat(AgentRun.ofType(events, "hotscope.AgentStatus")).as("cycle %d", i)
                    .anyMatch(e -> e.getString("state").equals("stopped"));
            }
            assertThat(run.process().isAlive()).isTrue();
        }
    }

    @Test
    void theCommandLineAttachesAndDetaches(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        try (AgentRun run = AgentRun.start(null, List.of(), 0, "sleep")) {
            KernelLeftovers before = KernelLeftovers.of(run.pid());
            Path file = dir.resolve("cli.jfr");
            Commands.Result attached = AgentBadInputTest.cli("attach", Long.toString(run.pid()),
                "syscall=20ms,file=" + file);
            assertThat(attached.exitCode()).as(attached.description()).isZero();
            assertThat(attached.stdout()).anyMatch(l -> l.startsWith("hotscope attach: pid " + run.pid() + ": running: syscall"));
            Commands.Result again = AgentBadInputTest.cli("attach", Long.toString(run.pid()), "gc");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stdout()).anyMatch(l -> l.contains("already running") && l.contains("detach first"));
            Thread.sleep(500);
            Commands.Result detached = AgentBadInputTest.cli("detach", Long.toString(run.pid()));
            assertThat(detached.exitCode()).as(detached.description()).isZero();
            assertThat(detached.stdout()).anyMatch(l -> l.contains("detached") && l.contains("wrote " + file));
            // A first attach opens sockets, the jar and random devices the JVM keeps (see above), and
            // JFR's first recording with its default settings keeps a /proc directory open (JFR's own:
            // a plain Recording does the same without the agent).
            assertThat(KernelLeftovers.leftSince(run.pid(), before, 7)).isEmpty();
            assertThat(AgentRun.ofType(AgentRun.events(file), "hotscope.SyscallLatency"))
                .anyMatch(e -> "sleeper".equals(e.getString("threadName")));
        }
    }

    /** Loads the agent jar with these options through the Attach API; returns the agent's status text. */
    static String send(long pid, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(AgentRun.DIST_JAR.toString(), options);
            String status = vm.getSystemProperties().getProperty(STATUS, "");
            return status.substring(status.indexOf(' ') + 1);
        } finally {
            vm.detach();
        }
    }
}
