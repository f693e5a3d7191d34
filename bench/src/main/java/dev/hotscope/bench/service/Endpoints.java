package dev.hotscope.bench.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

/**
 * The service's work, one method per endpoint, all reached through {@link #serve}: the method that
 * {@code probe=dev.hotscope.bench.service.Endpoints#serve} wraps. Each does what real handlers do
 * to the kernel and the JVM: system calls on files, contended locks, garbage.
 */
public final class Endpoints {
    /** A file written by {@code /io} is fsync-ed once in this many requests. */
    static final int FSYNC_EVERY = 200;
    /** Bytes written and read back by {@code /io}. */
    static final int IO_BYTES = 4096;
    /** Bytes allocated by {@code /alloc}, in {@link #ALLOC_CHUNK} pieces. */
    static final int ALLOC_BYTES = 256 * 1024;
    static final int ALLOC_CHUNK = 4096;
    /** Bytes checksummed inside each critical section of {@code /lock}: a few microseconds held. */
    static final int LOCKED_BYTES = 8192;

    private final Path dir;
    private final AtomicLong ioCount = new AtomicLong();
    private final Object monitor = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] shared = new byte[LOCKED_BYTES];
    private final CRC32 monitorCrc = new CRC32();
    private final CRC32 lockCrc = new CRC32();
    private long monitorUpdates;
    private long lockUpdates;

    /**
     * Serves files of {@code /io} from a directory.
     *
     * @param dir an existing directory, not null; each pool thread keeps one file in it
     */
    public Endpoints(Path dir) {
        this.dir = dir;
    }

    /**
     * Does one request's work.
     *
     * @param path the request's path, e.g. {@code /io}; null is treated as unknown
     * @return the response body, or null for an unknown path (404)
     * @throws IOException when the file of {@code /io} cannot be written or read
     */
    public byte[] serve(String path) throws IOException {
        if (path == null) {
            return null;
        }
        switch (path) {
            case "/io": return io();
            case "/lock": return lock();
            case "/alloc": return alloc();
            default: return null;
        }
    }

    /** Writes a small file, now and then forces it to disk, and reads it back. */
    private byte[] io() throws IOException {
        long n = ioCount.incrementAndGet();
        Path file = dir.resolve("io-" + Thread.currentThread().getId() + ".dat");
        byte[] data = new byte[IO_BYTES];
        for (int i = 0; i < data.length; i += 8) {
            data[i] = (byte) (n >>> (i & 56));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (n % FSYNC_EVERY == 0) {
                ch.force(false);
            }
        }
        byte[] back = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(back);
        return ("io " + back.length + " crc " + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One critical section on a monitor, one on a {@code ReentrantLock}; every pool thread wants both. */
    private byte[] lock() {
        long a;
        synchronized (monitor) {
            shared[(int) (monitorUpdates++ % LOCKED_BYTES)]++;
            monitorCrc.update(shared);
            a = monitorCrc.getValue();
        }
        long b;
        lock.lock();
        try {
            shared[(int) (lockUpdates++ * 7 % LOCKED_BYTES)]--;
            lockCrc.update(shared);
            b = lockCrc.getValue();
        } finally {
            lock.unlock();
        }
        return ("lock " + Long.toHexString(a ^ b) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Allocates {@link #ALLOC_BYTES} in chunks that stay live together, then sums them. */
    private byte[] alloc() {
        byte[][] chunks = new byte[ALLOC_BYTES / ALLOC_CHUNK][];
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = new byte[ALLOC_CHUNK];
            for (int i = 0; i < ALLOC_CHUNK; i += 64) {
                chunks[c][i] = (byte) (c + i);
            }
        }
        long sum = 0;
        for (byte[] chunk : chunks) {
            for (int i = 0; i < ALLOC_CHUNK; i += 16) {
                sum += chunk[i];
            }
        }
        return ("alloc " + sum + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
