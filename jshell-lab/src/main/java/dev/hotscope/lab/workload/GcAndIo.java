package dev.hotscope.lab.workload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * G1 churn and synced file writes: {@code churn-1..2} allocate arrays and keep a window of them
 * alive, so young collections copy (and pause); {@code writer-1..2} append 64 KiB blocks to a
 * temporary file and fsync each, so write and fsync latency shows beside the GC pauses.
 */
final class GcAndIo {
    private static final int CHURN_THREADS = 2;
    private static final int WRITER_THREADS = 2;
    private static final int RETAINED = 1024;
    private static final long FILE_LIMIT = 8L << 20;

    private GcAndIo() {
    }

    static int start() throws IOException {
        Path dir = Files.createTempDirectory("hotscope-gc-and-io");
        dir.toFile().deleteOnExit();
        for (int i = 1; i <= CHURN_THREADS; i++) {
            Object[] window = new Object[RETAINED];
            WorkloadMain.startThread("churn-" + i, () -> churn(window));
        }
        for (int i = 1; i <= WRITER_THREADS; i++) {
            Path file = dir.resolve("writer-" + i + ".dat");
            file.toFile().deleteOnExit();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer block = ByteBuffer.allocate(64 << 10);
            WorkloadMain.startThread("writer-" + i, () -> writeAndSync(channel, block));
        }
        return 0;
    }

    /** Allocates about 2 MiB, a quarter of it replacing older arrays in the window, then rests 10 ms. */
    private static void churn(Object[] window) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long allocated = 0;
        while (allocated < (2 << 20)) {
            byte[] array = new byte[1024 + random.nextInt(15 * 1024)];
            array[array.length - 1] = 1;
            allocated += array.length;
            if (random.nextInt(4) == 0) {
                window[random.nextInt(window.length)] = array;
            }
        }
        Thread.sleep(10);
    }

    /** Appends one block and forces it to disk; starts the file over past 8 MiB. */
    private static void writeAndSync(FileChannel channel, ByteBuffer block) throws IOException, InterruptedException {
        if (channel.size() > FILE_LIMIT) {
            channel.truncate(0);
        }
        block.clear();
        while (block.hasRemaining()) {
            channel.write(block);
        }
        channel.force(false);
        Thread.sleep(20);
    }
}
