package dev.hotscope.javaagent.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.StackFrame;
import org.junit.jupiter.api.Test;

class JitNamesTest {
    @Test
    void perfMapMethodsBecomeJavaFramesWithDescriptors() {
        StackFrame f = JitNames.toStackFrame(new Frame(FrameKind.JAVA_JIT,
            "long com.acme.Shop$Cart.total(int, java.lang.String[], byte[][])", -1, "[codecache]", 0x1000));
        assertThat(f.type()).isEqualTo(FrameType.JIT_COMPILED);
        assertThat(f.className()).isEqualTo("com.acme.Shop$Cart");
        assertThat(f.method()).isEqualTo("total");
        assertThat(f.descriptor()).isEqualTo("(I[Ljava/lang/String;[[B)J");
        assertThat(f.isLibrary()).isFalse();
    }

    @Test
    void constructorsAndNoArgumentMethods() {
        assertThat(JitNames.toStackFrame(new Frame(FrameKind.JAVA_JIT, "void java.lang.Object.<init>()", -1,
            "[codecache]", 1)).descriptor()).isEqualTo("()V");
    }

    @Test
    void stubsAreNotJavaMethods() {
        assertThat(JitNames.isJavaMethod("StubRoutines (1)")).isFalse();
        assertThat(JitNames.isJavaMethod("int java.lang.String.hashCode()")).isTrue();
        StackFrame stub = JitNames.toStackFrame(new Frame(FrameKind.JAVA_JIT, "StubRoutines (1)", -1, "[codecache]", 1));
        assertThat(stub.type()).isEqualTo(FrameType.NATIVE);
        assertThat(stub.isLibrary()).isTrue();
    }

    @Test
    void nativeFramesAreNamedByLibraryWithoutCppParameters() {
        StackFrame f = JitNames.toStackFrame(new Frame(FrameKind.NATIVE, "os::PlatformEvent::park(long)", 0x40,
            "/usr/lib/jvm/java-17/lib/server/libjvm.so", 1));
        assertThat(f.className()).isEqualTo("libjvm.so");
        assertThat(f.method()).isEqualTo("os::PlatformEvent::park");
        assertThat(f.type()).isEqualTo(FrameType.NATIVE);
        assertThat(JitNames.toStackFrame(new Frame(FrameKind.KERNEL, "do_syscall_64", 0x22, "[kernel]", 1)).type())
            .isEqualTo(FrameType.KERNEL);
    }
}
