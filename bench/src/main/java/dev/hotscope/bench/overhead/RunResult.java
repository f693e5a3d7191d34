package dev.hotscope.bench.overhead;

/**
 * What one run (one fresh service JVM in one configuration) measured over its measured window.
 *
 * @param wrk the load generator's figures
 * @param jvmCpuSeconds the service JVM's CPU time (all threads, user + system) over the window
 * @param toolCpuSeconds the part of it used by hotscope's, JFR's and async-profiler's own threads
 * @param otherCpuSeconds CPU time the rest of the machine used meanwhile (neither the JVM nor wrk): noise
 * @param windowSeconds the window's wall time
 * @param rssKiB VmRSS at the window's end
 * @param hwmKiB VmHWM (peak RSS) at the window's end
 * @param events hotscope events the agent wrote at exit, or -1 (not hotscope, or not said)
 * @param lost records the agent said were lost, or -1 when not hotscope
 */
record RunResult(Config config, int round, WrkResult wrk, double jvmCpuSeconds, double toolCpuSeconds,
                 double otherCpuSeconds, double windowSeconds, long rssKiB, long hwmKiB, long events, long lost) {

    /** The JVM's CPU time per request, in microseconds. */
    double cpuMicrosPerRequest() {
        return wrk.requests() == 0 ? Double.NaN : jvmCpuSeconds * 1e6 / wrk.requests();
    }
}
