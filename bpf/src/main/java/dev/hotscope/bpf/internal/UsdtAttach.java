package dev.hotscope.bpf.internal;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * {@code bpf_program__attach_usdt}, which takes six arguments: called through jffi's
 * {@code invokeL6} on the function's address, since a bound six-argument jnr-ffi method garbles
 * its sixth argument.
 */
public final class UsdtAttach {
    private UsdtAttach() {}

    private static final CallContext CONTEXT = CallContext.getCallContext(Type.POINTER,
        new Type[] {Type.POINTER, Type.SINT32, Type.POINTER, Type.POINTER, Type.POINTER, Type.POINTER},
        CallingConvention.DEFAULT, true);

    private static volatile long function;

    /** The result of one call: the link pointer (0 on failure) and errno. */
    public record Result(long link, int errno) {}

    /**
     * Calls {@code bpf_program__attach_usdt(prog, pid, path, provider, name, opts)}; all pointers
     * must be valid native addresses (opts may be 0).
     */
    public static Result attach(long prog, int pid, long path, long provider, long name, long opts) {
        long link = Invoker.getInstance().invokeL6(CONTEXT, address(), prog, pid, path, provider, name, opts);
        int errno = link == 0 ? LastError.getInstance().get() : 0;
        return new Result(link, errno);
    }

    private static long address() {
        long known = function;
        if (known == 0) {
            Native.libbpf();
            known = Library.getCachedInstance(Native.LIBBPF, Library.LAZY | Library.GLOBAL)
                .getSymbolAddress("bpf_program__attach_usdt");
            if (known == 0) {
                throw new UnsupportedOperationException("this libbpf has no bpf_program__attach_usdt (libbpf 0.8 or later needed)");
            }
            function = known;
        }
        return known;
    }
}
