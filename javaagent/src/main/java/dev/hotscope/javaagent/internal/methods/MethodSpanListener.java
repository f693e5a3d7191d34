package dev.hotscope.javaagent.internal.methods;

/**
 * Told about every probed call that lasted at least the span threshold given to
 * {@link MethodProbes#install}. Called on the thread that made the call, right after it returned
 * or threw, so it must be quick, should not allocate, and must not block; whatever it throws is
 * discarded.
 */
@FunctionalInterface
public interface MethodSpanListener {
    /**
     * One call of a probed method that lasted at least the threshold.
     *
     * @param methodId the method's probe id (the {@code id} argument of the USDT probes)
     * @param method the method's name, {@code class#method(parameter types)}; not null
     * @param startNanos entry time on the {@link System#nanoTime()} clock
     * @param endNanos return (or throw) time on the same clock
     */
    void onSpan(int methodId, String method, long startNanos, long endNanos);
}
