package dev.hotscope.usdt.internal;

import dev.hotscope.usdt.UsdtException;
import dev.hotscope.usdt.internal.elf.SdtObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An SDT object mapped into this process from its backing file, the way the dynamic loader would
 * map it: one reservation, the text segment read+execute, the semaphore segment read+write.
 *
 * <p>Why not {@code dlopen}: {@code dlclose} unmaps the object, and a thread of the application
 * may at that moment be reading a semaphore in {@code isEnabled()} or be about to call a probe
 * function; either would crash the JVM. Mapping the file ourselves lets {@link #close()} swap the
 * file's pages, in one atomic {@code mmap}/{@code mremap} each, for private pages that read as
 * "disabled" (zeros) and execute as "return" ({@code ret}). Those few pages stay for the life of
 * the JVM; the file, its mapping, and every uprobe on it are gone.
 */
public final class MappedObject implements AutoCloseable {
    private static final byte RET = (byte) 0xc3;

    private final SdtObject object;
    private final long base;
    private boolean closed;

    private MappedObject(SdtObject object, long base) {
        this.object = object;
        this.base = base;
    }

    /**
     * Maps a written object from its file.
     *
     * @param file the file holding {@code object.bytes()}
     * @param object the layout of that file
     * @return the mapping
     * @throws UsdtException with errno if a system call fails (for example a {@code noexec} mount)
     */
    public static MappedObject map(Path file, SdtObject object) {
        LibC libc = LibC.get();
        int fd = libc.open(file.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open " + file, LibC.lastErrno());
        }
        try {
            long base = libc.mmap(0, object.spanSize(), LibC.PROT_NONE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
            if (base == LibC.MAP_FAILED) {
                throw failure("reserve " + object.spanSize() + " bytes", LibC.lastErrno());
            }
            try {
                mapSegment(libc, fd, base, 0, object.textSegmentSize(), LibC.PROT_READ | LibC.PROT_EXEC, file);
                mapSegment(libc, fd, base, object.dataSegmentAddress(), object.dataSegmentSize(),
                    LibC.PROT_READ | LibC.PROT_WRITE, file);
            } catch (RuntimeException e) {
                libc.munmap(base, object.spanSize());
                throw e;
            }
            return new MappedObject(object, base);
        } finally {
            libc.close(fd);
        }
    }

    private static void mapSegment(LibC libc, int fd, long base, long address, long size, int prot, Path file) {
        long at = libc.mmap(base + address, size, prot, LibC.MAP_PRIVATE | LibC.MAP_FIXED, fd, address);
        if (at != base + address) {
            int errno = LibC.lastErrno();
            String hint = (prot & LibC.PROT_EXEC) != 0 && errno == 1
                ? "; the directory may be on a noexec mount, set -Dhotscope.usdt.dir to another" : "";
            throw failure("mmap " + file + " at offset " + address + hint, errno);
        }
    }

    private static UsdtException failure(String what, int errno) {
        return new UsdtException("USDT: " + what + " failed: " + Errno.describe(errno), errno, null);
    }

    /** Run-time address of a link-time address in this object. */
    public long address(long linkAddress) {
        return base + linkAddress;
    }

    /**
     * A native-order view of {@code count} semaphores. It stays valid after {@link #close()}, when
     * it reads zeros.
     */
    public ByteBuffer semaphores(int count) {
        return Jffi.memory().newDirectByteBuffer(address(object.semaphoreAddress()), 2 * count)
            .order(ByteOrder.nativeOrder());
    }

    /**
     * Swaps the file's pages for private ones: semaphores read 0, probe sites return at once.
     * Idempotent. A failure leaves the file mapped (safe, only not reclaimed) and is reported.
     *
     * @throws UsdtException with errno if the kernel refused a replacement
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LibC libc = LibC.get();
        long data = address(object.dataSegmentAddress());
        long zeros = libc.mmap(data, object.dataSpanSize(), LibC.PROT_READ,
            LibC.MAP_PRIVATE | LibC.MAP_FIXED | LibC.MAP_ANONYMOUS, -1, 0);
        if (zeros != data) {
            throw failure("replace the semaphore page", LibC.lastErrno());
        }
        replaceTextWithReturns(libc);
    }

    private void replaceTextWithReturns(LibC libc) {
        long size = object.textSpanSize();
        long scratch = libc.mmap(0, size, LibC.PROT_READ | LibC.PROT_WRITE,
            LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        if (scratch == LibC.MAP_FAILED) {
            throw failure("allocate the return page", LibC.lastErrno());
        }
        libc.memset(scratch, RET, size);
        if (libc.mprotect(scratch, size, LibC.PROT_READ | LibC.PROT_EXEC) != 0
            || libc.mremap(scratch, size, size, LibC.MREMAP_MAYMOVE | LibC.MREMAP_FIXED, base) != base) {
            int errno = LibC.lastErrno();
            libc.munmap(scratch, size);
            throw failure("replace the probe text", errno);
        }
    }
}
