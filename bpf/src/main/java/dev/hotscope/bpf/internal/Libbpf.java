package dev.hotscope.bpf.internal;

import jnr.ffi.annotations.Delegate;

/**
 * The libbpf 1.x functions hotscope uses, bound through jnr-ffi. Pointers are plain {@code long}
 * addresses, checked by the callers. No bound function has six arguments (jnr-ffi 2.2.17 garbles
 * the sixth of those): {@code bpf_program__attach_usdt} goes through {@link UsdtAttach}.
 *
 * <p>libbpf 1.x returns NULL (pointers) or a negative value and sets errno on failure.
 */
public interface Libbpf {
    /** libbpf's print callback: {@code int (*)(enum libbpf_print_level, const char *, va_list)}. */
    interface PrintFn {
        @Delegate
        int print(int level, long format, long vaList);
    }

    long libbpf_set_print(PrintFn fn);

    long libbpf_version_string();

    int libbpf_num_possible_cpus();

    int libbpf_probe_bpf_prog_type(int type, long opts);

    long libbpf_bpf_prog_type_str(int type);

    long libbpf_bpf_map_type_str(int type);

    long bpf_object__open_mem(long buf, long size, long opts);

    int bpf_object__load(long obj);

    void bpf_object__close(long obj);

    long bpf_object__next_program(long obj, long prev);

    long bpf_object__next_map(long obj, long prev);

    long bpf_program__name(long prog);

    int bpf_program__type(long prog);

    int bpf_program__fd(long prog);

    boolean bpf_program__autoload(long prog);

    int bpf_program__set_autoload(long prog, boolean autoload);

    int bpf_program__set_log_buf(long prog, long buf, long size);

    int bpf_program__set_log_level(long prog, int level);

    long bpf_program__attach_tracepoint(long prog, String category, String name);

    long bpf_program__attach_raw_tracepoint(long prog, String name);

    long bpf_program__attach_uprobe_opts(long prog, int pid, String binary, long offset, long opts);

    long bpf_program__attach_perf_event(long prog, int perfFd);

    long bpf_program__attach_kprobe(long prog, boolean retprobe, String function);

    int bpf_link__destroy(long link);

    int bpf_link__fd(long link);

    long bpf_map__name(long map);

    int bpf_map__type(long map);

    int bpf_map__fd(long map);

    int bpf_map__key_size(long map);

    int bpf_map__value_size(long map);

    int bpf_map__max_entries(long map);

    int bpf_map__set_max_entries(long map, int maxEntries);

    long bpf_map__initial_value(long map, long sizeOut);

    int bpf_map__set_initial_value(long map, long data, long size);

    int bpf_map_lookup_elem(int fd, long key, long value);

    int bpf_map_update_elem(int fd, long key, long value, long flags);

    int bpf_map_delete_elem(int fd, long key);

    int bpf_map_get_next_key(int fd, long key, long nextKey);

    /** Seven arguments: safe from the six-argument jnr-ffi bug. */
    int bpf_map_lookup_batch(int fd, long inBatch, long outBatch, long keys, long values, long count, long opts);

    int bpf_obj_get_info_by_fd(int fd, long info, long infoLength);

    long btf__load_vmlinux_btf();

    int btf__find_by_name_kind(long btf, String name, int kind);

    void btf__free(long btf);
}
