package dev.hotscope.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Capability and feature detection, and the permission failure of a JVM without capabilities. */
class CapabilitiesTest {
    @Test
    void readsPrivilegesAndKernelFeatures() {
        Capabilities caps = Capabilities.current();
        assertThat(caps.hasBtf()).isEqualTo(Files.exists(Path.of("/sys/kernel/btf/vmlinux")));
        assertThat(caps.hasKprobes()).isEqualTo(Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"))
            || Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"))
            || Files.exists(Path.of("/sys/kernel/debug/tracing/kprobe_events")));
        assertThat(caps.toString()).contains("BTF: ").contains("kprobes: ").contains("fentry: ");
        if (caps.hasLibbpf()) {
            assertThat(caps.libbpfVersion()).startsWith("v1.");
        }
        assertThat(caps.problems()).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void asRootEverythingNeededIsThere() {
        BpfAssumptions.assumeBpf();
        Capabilities caps = Capabilities.current();
        assertThat(caps.canTrace()).isTrue();
        assertThat(caps.problems()).isEmpty();
        assertThatCode(caps::require).doesNotThrowAnyException();
        assertThat(caps.supportsProgramType(5)).as("tracepoint").isTrue();
        assertThat(caps.supportsProgramType(2)).as("kprobe type, used by uprobes").isTrue();
        assertThat(caps.hasFentry()).isEqualTo(caps.fentryProblem().isEmpty());
        System.out.println("capabilities here:\n" + caps);
    }

    /** Entry point of the child JVM below: tries to load, prints the outcome on one line. */
    public static void main(String[] args) {
        System.out.println("canTrace=" + Capabilities.current().canTrace());
        System.out.println("problems=" + Capabilities.current().problems());
        try (BpfObject syscalls = BpfObject.openResource(TestPrograms.SYSCALLS)) {
            syscalls.load();
            System.out.println("loaded");
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String runChild(List<String> prefix, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CapabilitiesTest.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(child.getInputStream().readAllBytes());
    }

    @Test
    void withoutLibbpfLoadFailsNamingThePackage() throws Exception {
        String out = runChild(List.of(), "-Dhotscope.bpf.libbpf=libbpf-hotscope-missing.so.9");
        assertThat(out).contains("libbpf is missing: install the Debian package libbpf1")
            .contains("LibbpfMissingException: libbpf is missing: libbpf-hotscope-missing.so.9 could not be loaded")
            .contains("apt-get install libbpf1");
    }

    @Test
    void withoutKernelBtfLoadFailsSayingWhatTheKernelLacks() throws Exception {
        BpfAssumptions.assumeBpf();
        String out = runChild(List.of(), "-Dhotscope.bpf.btf=/nonexistent/vmlinux");
        assertThat(out).contains("BpfUnsupportedException: no kernel BTF (/nonexistent/vmlinux is missing):"
            + " CO-RE programs need a kernel built with CONFIG_DEBUG_INFO_BTF=y");
    }

    @Test
    void btfAtAnExplicitPathIsHandedToLibbpf() throws Exception {
        BpfAssumptions.assumeBpf();
        String out = runChild(List.of(), "-Dhotscope.bpf.btf=/sys/kernel/btf/vmlinux");
        assertThat(out).contains("problems=[]").contains("loaded");
    }

    @Test
    void withoutCapabilitiesLoadFailsWithAPermissionException() throws Exception {
        BpfAssumptions.assumeBpf();
        BpfAssumptions.assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        String out = runChild(List.of("/usr/bin/setpriv", "--bounding-set", "-all", "--inh-caps", "-all"));
        assertThat(out).contains("canTrace=false")
            .contains("BpfPermissionException: not root and missing CAP_BPF+CAP_PERFMON");
    }
}
