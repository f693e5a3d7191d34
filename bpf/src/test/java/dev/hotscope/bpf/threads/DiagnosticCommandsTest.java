package dev.hotscope.bpf.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticCommandsTest {
    @Test
    void operationNamesFollowTheMBeanConvention() {
        assertThat(DiagnosticCommands.operationName("Thread.print")).isEqualTo("threadPrint");
        assertThat(DiagnosticCommands.operationName("Compiler.perfmap")).isEqualTo("compilerPerfmap");
        assertThat(DiagnosticCommands.operationName("GC.class_histogram")).isEqualTo("gcClassHistogram");
        assertThat(DiagnosticCommands.operationName("VM.version")).isEqualTo("vmVersion");
    }

    @Test
    void runsInProcessForTheCurrentJvm() throws IOException {
        String dump = DiagnosticCommands.execute(ProcessHandle.current().pid(), "Thread.print");

        assertThat(dump).contains("\"" + Thread.currentThread().getName() + "\"");
    }

    @Test
    void findsJcmdNextToTheTargetsJava() throws Exception {
        try (ForkedProcess jvm = ForkedProcess.java(ForkedProcess.JDK17, ThreadTarget.class)) {
            jvm.readUntil("ready", Duration.ofSeconds(30));

            assertThat(DiagnosticCommands.findJcmd(jvm.pid())).contains(ForkedProcess.JDK17.resolve("bin/jcmd"));
            assertThat(DiagnosticCommands.execute(jvm.pid(), "VM.version")).contains("17.");
        }
    }

    @Test
    void refusesProcessesThatAreNoJvmSinceJcmdWouldKillThem() throws Exception {
        try (ForkedProcess sleep = ForkedProcess.start(List.of("sleep", "60"))) {
            assertThat(DiagnosticCommands.isHotSpot(sleep.pid())).isFalse();
            assertThatThrownBy(() -> DiagnosticCommands.execute(sleep.pid(), "VM.version"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a running HotSpot JVM");
            assertThat(ProcessHandle.of(sleep.pid()).map(ProcessHandle::isAlive)).contains(true);
        }
    }

    @Test
    void failingJcmdGivesOneLineIOException() throws Exception {
        try (ForkedProcess jvm = ForkedProcess.java(ForkedProcess.JDK17, ThreadTarget.class)) {
            jvm.readUntil("ready", Duration.ofSeconds(30));

            assertThatThrownBy(() -> DiagnosticCommands.execute(jvm.pid(), "No.such_command"))
                .isInstanceOf(IOException.class).hasMessageContaining("No.such_command")
                .hasMessageNotContaining("\n");
        }
    }
}
