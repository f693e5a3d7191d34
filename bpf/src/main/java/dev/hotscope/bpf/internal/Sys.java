package dev.hotscope.bpf.internal;

import dev.hotscope.usdt.internal.LibC;

/**
 * The libc calls of the BPF engine, bound through jnr-ffi with addresses as {@code long}. The
 * memory calls and constants it shares with the probe mapper ({@code mmap} through the
 * seven-argument {@code syscall}, which jnr-ffi passes exactly while it garbles the sixth argument
 * of bound six-argument functions; {@code munmap}, {@code close}, {@code PROT_*}, {@code MAP_*})
 * come from usdt's {@link LibC}.
 */
public interface Sys extends LibC {
    long SYS_PERF_EVENT_OPEN = 298;
    long SYS_BPF = 321;

    int MAP_SHARED = 0x01;

    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLLIN = 0x001;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;
    int F_DUPFD_CLOEXEC = 1030;

    int getpagesize();

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
