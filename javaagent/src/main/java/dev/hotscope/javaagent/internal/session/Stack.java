package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.writer.StackFrame;
import java.util.List;

/**
 * A thread's stack two ways: the {@code stack} text field of in-process events, and the frames the
 * written recording's {@code stackTrace} gets. Both innermost frame first.
 */
record Stack(String text, List<StackFrame> frames) {
    static final Stack NONE = new Stack("", List.of());

    boolean isEmpty() {
        return frames.isEmpty();
    }
}
