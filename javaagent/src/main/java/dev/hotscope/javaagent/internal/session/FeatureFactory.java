package dev.hotscope.javaagent.internal.session;

import dev.hotscope.javaagent.internal.AgentOptions;
import dev.hotscope.javaagent.internal.Feature;
import java.time.Duration;
import java.util.Set;

/** Builds the source of one feature; throws with the reason when the kernel or JVM cannot run it. */
final class FeatureFactory {
    private FeatureFactory() {}

    static FeatureSource create(Feature feature, long pid, Duration min, EventContext context, AgentOptions options,
                                Set<Long> ownThreads) {
        switch (feature) {
            case SYSCALL: return new SyscallFeature(pid, min, options.budget(), context);
            case GC: return new GcFeature(pid, context);
            case LOCK: return new LockFeature(pid, min, options.budget(), context, ownThreads);
            case OFFCPU: return new SchedFeature(pid, min, options.features().get(Feature.RUNQ), options.budget(), context,
                ownThreads);
            case RUNQ: return new SchedFeature(pid, null, min, options.budget(), context, ownThreads);
            default: throw new IllegalArgumentException("no such feature: " + feature);
        }
    }
}
