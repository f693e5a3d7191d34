package dev.hotscope.tests.target;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@value #THREADS} threads released together, each firing {@code hit(thread number)} a given
 * number of times. Reports {@code TIDS <tid>...}, the kernel thread ids of the firing threads.
 */
final class ConcurrentHitsScenario implements Scenario {
    static final int THREADS = 4;

    private final int firesPerThread;
    private Probe hit;

    ConcurrentHitsScenario(int firesPerThread) {
        this.firesPerThread = firesPerThread;
    }

    @Override
    public String providerName() {
        return "hsthreads";
    }

    @Override
    public void declare(Provider provider) {
        hit = provider.probe("hit", ArgType.INT32);
    }

    @Override
    public List<String> fire() throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        long[] tids = new long[THREADS];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int number = t;
            Thread thread = new Thread(() -> {
                tids[number] = kernelThreadId();
                awaitQuietly(start);
                for (int i = 0; i < firesPerThread; i++) {
                    hit.fire(number);
                }
            }, "hit-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return List.of("TIDS " + java.util.Arrays.stream(tids).mapToObj(Long::toString)
            .collect(Collectors.joining(" ")));
    }

    private static long kernelThreadId() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(self.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
