package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code stack} field's frames: names without offsets or signatures, lines, and jfr-converter's kinds. */
class StackFramesTest {
    @Test
    void everyKindOfFrame() {
        List<Frame> frames = StackFrames.parse("finish_task_switch.isra.0+0x9a [kernel]\n"
            + "__futex_abstimed_wait_common+0xc6 [native libc.so.6]\n"
            + "os::PlatformMonitor::wait(long)+0xf3 [native libjvm.so]\n"
            + "java.lang.Thread.sleep [native]\n"
            + "void com.acme.Foo.bar(int, java.lang.String) [java jit]\n"
            + "[interpreter] [java interpreted]\n"
            + "com.acme.Foo.main:42 [java]\n"
            + "0x7f0012 [unknown libfoo.so]\n");
        assertThat(frames).containsExactly(
            new Frame("finish_task_switch.isra.0", 0, Frame.KERNEL),
            new Frame("__futex_abstimed_wait_common", 0, Frame.NATIVE),
            new Frame("os::PlatformMonitor::wait", 0, Frame.CPP),
            new Frame("java.lang.Thread.sleep", 0, Frame.JIT),
            new Frame("com.acme.Foo.bar", 0, Frame.JIT),
            new Frame("[interpreter]", 0, Frame.INTERPRETED),
            new Frame("com.acme.Foo.main", 42, Frame.JIT),
            new Frame("0x7f0012", 0, Frame.NATIVE));
    }

    @Test
    void deepStacksKeepTheirInnermostFrames() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < StackFrames.MAX_DEPTH + 50; i++) {
            text.append("com.acme.Deep.f").append(i).append(":1 [java]\n");
        }
        List<Frame> frames = StackFrames.parse(text.toString());
        assertThat(frames).hasSize(StackFrames.MAX_DEPTH);
        assertThat(frames.get(0).name()).isEqualTo("com.acme.Deep.f0");
    }

    @Test
    void shortStackSkipsToTheJavaFramesAndFoldsRepeats() {
        List<Frame> frames = StackFrames.parse("schedule [kernel]\n__futex_abstimed_wait_common+0xc6 [native libc.so.6]\n"
            + "ObjectMonitor::EnterI(JavaThread*)+0x1 [native libjvm.so]\nObjectMonitor::enter(JavaThread*)+0x2 [native"
            + " libjvm.so]\n[interpreter] [java interpreted]\n[interpreter] [java interpreted]\n"
            + "com.acme.Foo.run:7 [java]\n");
        assertThat(StackProfile.shortStack(frames, 5)).containsExactly("__futex_abstimed_wait_common [native]",
            "... 2 native frames", "[interpreter] (x2)", "com.acme.Foo.run:7");
    }
}
