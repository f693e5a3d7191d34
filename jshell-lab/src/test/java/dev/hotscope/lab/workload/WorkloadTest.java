package dev.hotscope.lab.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The workloads as child JVMs: their named threads, the service's port, and closing them. */
class WorkloadTest {
    @Test
    void anUnknownKindIsOneLineListingTheKinds() {
        assertThatThrownBy(() -> Workload.start("gc"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no workload \"gc\"; use one of gc-and-io, lock-contention, http-service");
    }

    @Test
    void gcAndIoRunsItsChurnersAndWriters() throws IOException {
        try (Workload workload = Workload.start("gc-and-io")) {
            assertThat(threadNames(workload.pid())).contains("churn-1", "churn-2", "writer-1", "writer-2");
            assertThatThrownBy(workload::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("no port");
        }
    }

    @Test
    void lockContentionRunsBothKindsOfContenders() throws IOException {
        try (Workload workload = Workload.start("lock-contention")) {
            assertThat(threadNames(workload.pid()))
                .contains("monitor-1", "monitor-2", "monitor-3", "reentrant-1", "reentrant-2", "reentrant-3");
        }
    }

    @Test
    void httpServiceAnswersOnItsPortAndLoadsItself() throws IOException {
        try (Workload workload = Workload.start("http-service")) {
            assertThat(threadNames(workload.pid())).contains("http-worker-1", "load-1", "load-4");
            for (String path : List.of("/sleep", "/ledger", "/audit")) {
                assertThat(get(workload.port(), path)).isEqualTo("ok\n");
            }
            assertThat(workload.toString()).contains("http-service", "pid=" + workload.pid(), "port=" + workload.port());
        }
    }

    @Test
    void closeEndsTheChildAndCanBeRepeated() {
        Workload workload = Workload.start("lock-contention");
        ProcessHandle child = ProcessHandle.of(workload.pid()).orElseThrow();

        workload.close();
        workload.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(workload.isAlive()).isFalse();
        assertThat(workload.toString()).endsWith(" exited]");
    }

    /** The kernel's names of the process's threads (Java names, cut to 15 characters). */
    private static Set<String> threadNames(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    return "";
                }
            }).collect(Collectors.toSet());
        }
    }

    private static String get(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http", "127.0.0.1", port, path).openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        try (InputStream body = connection.getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
