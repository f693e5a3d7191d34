package dev.hotscope.bench.overhead;

import java.nio.file.Path;
import java.util.List;

/**
 * How each run is done.
 *
 * @param warmupSeconds load before the measured window, discarded (JIT, heap sizing, the tool's start-up)
 * @param durationSeconds the measured window
 * @param connections wrk's open connections (closed loop: each sends its next request when answered)
 * @param wrkThreads wrk's threads
 * @param serviceCpus {@code taskset} CPU list for the service JVM, or null for no pinning
 * @param wrkCpus {@code taskset} CPU list for wrk, or null
 * @param serviceThreads Jetty's pool size
 * @param heap the service's fixed heap, e.g. {@code 512m}
 * @param keepRecordings whether the tools' recordings stay in the run directories
 * @param results the directory the runs' logs go to
 */
record RunSettings(int warmupSeconds, int durationSeconds, int connections, int wrkThreads, String serviceCpus,
                   String wrkCpus, int serviceThreads, String heap, boolean keepRecordings, Path results) {

    /** The JVM options every configuration shares. */
    List<String> baseJvmArgs() {
        // G1 named: pinned to one CPU the JVM would pick Serial, not what a service runs with.
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC");
    }
}
