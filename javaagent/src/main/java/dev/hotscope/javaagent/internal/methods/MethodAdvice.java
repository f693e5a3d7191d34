package dev.hotscope.javaagent.internal.methods;

import dev.hotscope.agent.bootstrap.MethodProbeBridge;
import net.bytebuddy.asm.Advice;

/**
 * The code Byte Buddy inlines into every probed method. It may only name classes every class
 * loader can see: the bootstrap bridge. Anything it throws is discarded, so the method behaves as
 * before: same return value, same exception.
 */
final class MethodAdvice {
    private MethodAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id) {
        return MethodProbeBridge.enter(id);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @Advice.Enter long start) {
        MethodProbeBridge.exit(id, start);
    }
}
