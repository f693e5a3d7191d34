package dev.hotscope.bench.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The programs the runs use: the JVM, the service's class path, wrk, the agent jar and
 * async-profiler's library (taken out of its Maven Central jar on the runner's class path).
 */
record Tools(Path java, String serviceClassPath, Path wrk, Path agentJar, Path asyncProfiler) {

    /**
     * Writes async-profiler's Linux library for this machine's architecture into a directory.
     *
     * @throws IllegalStateException when the runner's class path lacks it
     */
    static Path extractAsyncProfiler(Path dir) {
        String arch = System.getProperty("os.arch");
        String resource = "/" + ("aarch64".equals(arch) ? "linux-arm64" : "linux-x64") + "/libasyncProfiler.so";
        try (InputStream in = Tools.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("async-profiler's " + resource + " is not on the class path:"
                    + " run from bench/target/benchmarks.jar (mvn -pl bench -am package)");
            }
            Files.createDirectories(dir);
            Path lib = dir.resolve("libasyncProfiler.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            return lib;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write async-profiler's library into " + dir, e);
        }
    }
}
