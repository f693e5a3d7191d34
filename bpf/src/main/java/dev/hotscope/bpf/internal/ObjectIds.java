package dev.hotscope.bpf.internal;

/** Kernel ids of BPF programs, maps and links (as {@code bpftool} lists them), from their fds. */
public final class ObjectIds {
    private ObjectIds() {}

    private static final int INFO_BYTES = 256;

    /**
     * The id of the program, map or link behind an fd: the second u32 of every
     * {@code bpf_*_info} struct.
     *
     * @return the id, or -1 if the fd is not a BPF object
     */
    public static long idOf(int fd) {
        if (fd < 0) {
            return -1;
        }
        try (NativeMemory info = NativeMemory.allocate(INFO_BYTES, true);
             NativeMemory length = NativeMemory.allocate(4, true)) {
            length.putInt(0, INFO_BYTES);
            if (Native.libbpf().bpf_obj_get_info_by_fd(fd, info.address(), length.address()) != 0) {
                return -1;
            }
            return Integer.toUnsignedLong(info.getInt(4));
        }
    }
}
