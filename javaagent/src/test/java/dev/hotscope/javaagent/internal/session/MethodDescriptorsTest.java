package dev.hotscope.javaagent.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.StackFrame;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

class MethodDescriptorsTest {
    private final MethodDescriptors descriptors = new MethodDescriptors(ByteBuddyAgent.install());

    @Test
    void aMethodWithOneOverloadGetsItsDescriptor() {
        StackFrame done = descriptors.complete(StackFrame.java(FrameType.JAVA, "java.lang.String", "hashCode", "", 1500));
        assertThat(done.descriptor()).isEqualTo("()I");
        assertThat(done.line()).isEqualTo(1500);
        assertThat(descriptors.complete(StackFrame.java(FrameType.JAVA, getClass().getName(), "helper", "", 3))
            .descriptor()).isEqualTo("(JLjava/lang/String;)[I");
    }

    @Test
    void overloadsUnknownClassesAndLibrariesAreLeftAlone() {
        assertThat(descriptors.complete(StackFrame.java(FrameType.JAVA, "java.lang.String", "valueOf", "", 1))
            .descriptor()).isEmpty();
        assertThat(descriptors.complete(StackFrame.java(FrameType.JAVA, "com.nowhere.Missing", "run", "", 1))
            .descriptor()).isEmpty();
        StackFrame lib = StackFrame.function(FrameType.NATIVE, "libc.so.6", "read");
        assertThat(descriptors.complete(lib)).isSameAs(lib);
    }

    static int[] helper(long a, String b) {
        return new int[] {(int) a, b.length()};
    }
}
