package dev.hotscope.usdt.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** The few libc calls the mapper needs, bound once through jnr-ffi. Addresses are plain longs. */
public interface LibC {
    int PROT_NONE = 0;
    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int PROT_EXEC = 4;
    int MAP_PRIVATE = 0x02;
    int MAP_FIXED = 0x10;
    int MAP_ANONYMOUS = 0x20;
    int MREMAP_MAYMOVE = 1;
    int MREMAP_FIXED = 2;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    long MAP_FAILED = -1L;
    long SYS_MMAP = 9;

    /**
     * {@code mmap} through {@code syscall(2)}: jnr-ffi 2.2.17 garbles the sixth argument of a bound
     * six-argument function (seen here as EINVAL from an unaligned offset), while the
     * seven-argument {@code syscall} takes its general path and is exact.
     */
    default long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        return syscall(SYS_MMAP, addr, length, prot, flags, fd, offset);
    }

    long syscall(long number, long a0, long a1, long a2, long a3, long a4, long a5);

    int munmap(long addr, long length);

    int mprotect(long addr, long length, int prot);

    long mremap(long oldAddr, long oldSize, long newSize, int flags, long newAddr);

    long memset(long addr, int value, long length);

    int open(String path, int flags);

    int close(int fd);

    /** The bound library; loading it is the first native step and fails with a clear message. */
    static LibC get() {
        return Holder.LIBC;
    }

    /** The errno of the calling thread's last call through {@link #get()}. */
    static int lastErrno() {
        return Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    /** Lazily binds libc so that merely loading these classes needs no native code. */
    final class Holder {
        private Holder() {}

        static final LibC LIBC = load();

        private static LibC load() {
            Jffi.configure();
            return LibraryLoader.create(LibC.class).load("c");
        }

    }
}
