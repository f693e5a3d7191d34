package dev.hotscope.bpf.internal;

/**
 * The libc calls of the BPF engine, bound through jnr-ffi with addresses as {@code long}. System
 * calls with six arguments go through the seven-argument {@link #syscall}, which jnr-ffi passes
 * exactly (it garbles the sixth argument of bound six-argument functions).
 */
public interface Sys {
    long SYS_MMAP = 9;
    long SYS_PERF_EVENT_OPEN = 298;
    long SYS_BPF = 321;

    int PROT_NONE = 0;
    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 0x01;
    int MAP_PRIVATE = 0x02;
    int MAP_FIXED = 0x10;
    int MAP_ANONYMOUS = 0x20;
    long MAP_FAILED = -1L;

    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLLIN = 0x001;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;
    int F_DUPFD_CLOEXEC = 1030;

    long syscall(long number, long a0, long a1, long a2, long a3, long a4, long a5);

    /** {@code mmap} through {@link #syscall}; see the type comment. */
    default long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        return syscall(SYS_MMAP, addr, length, prot, flags, fd, offset);
    }

    int munmap(long addr, long length);

    int getpagesize();

    int close(int fd);

    int fcntl(int fd, int cmd, int arg);

    int ioctl(int fd, long request, long arg);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, long event);

    int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

    int eventfd(int initval, int flags);

    long write(int fd, long buf, long count);

    long read(int fd, long buf, long count);

    int vsnprintf(long buf, long size, long format, long vaList);
}
