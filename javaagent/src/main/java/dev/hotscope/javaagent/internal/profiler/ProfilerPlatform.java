package dev.hotscope.javaagent.internal.profiler;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** What the process and platform say about async-profiler, read from os.* properties and /proc. */
final class ProfilerPlatform {
    private static final String LIBRARY = "libasyncProfiler";
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final Path FDS = Path.of("/proc/self/fd");

    private ProfilerPlatform() {}

    /**
     * The folder of async-profiler's jar that holds the library for a platform.
     *
     * @param osName {@code os.name}; null means unknown
     * @param osArch {@code os.arch}; null means unknown
     * @return {@code linux-x64} or {@code linux-arm64}; empty for any other platform
     */
    static Optional<String> libraryFolder(String osName, String osArch) {
        if (osName == null || osArch == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return Optional.of("linux-x64");
            case "aarch64":
            case "arm64":
                return Optional.of("linux-arm64");
            default:
                return Optional.empty();
        }
    }

    /**
     * The path of an async-profiler library already mapped into this process, by another agent
     * ({@code -agentpath}, an app's own copy) or by an earlier class loader of hotscope's.
     *
     * @return the mapped file as /proc shows it (maybe with " (deleted)"); empty if none, or if /proc cannot be read
     */
    static Optional<String> mappedLibrary() {
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.map(ProfilerPlatform::mappedPath).filter(p -> p.contains(LIBRARY)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The path column of a maps line: the sixth field, which may itself contain spaces. */
    private static String mappedPath(String line) {
        int slash = line.indexOf('/');
        return slash < 0 ? "" : line.substring(slash);
    }

    /**
     * How many perf_event descriptors the process holds. async-profiler's cpu mode opens one per
     * thread when perf_events work and silently uses its ctimer engine when they do not.
     *
     * @return the count; -1 if /proc/self/fd cannot be read
     */
    static int perfEventFds() {
        int count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                if (isPerfEvent(fd)) {
                    count++;
                }
            }
            return count;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isPerfEvent(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().equals("anon_inode:[perf_event]");
        } catch (IOException | RuntimeException closedMeanwhile) {
            return false;
        }
    }
}
