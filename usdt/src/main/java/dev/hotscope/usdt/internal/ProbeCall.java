package dev.hotscope.usdt.internal;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;

/**
 * Calls a probe function by address with six integer-register arguments, through jnr-ffi's
 * call layer (jffi) on its fast path: no errno saved, no allocation.
 */
public final class ProbeCall {
    private ProbeCall() {}

    static {
        Jffi.configure();
    }

    private static final CallContext SIX_LONGS = CallContext.getCallContext(Type.VOID,
        new Type[] {Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64},
        CallingConvention.DEFAULT, false);
    private static final Invoker INVOKER = Invoker.getInstance();

    /** Calls {@code function(a0, …, a5)}; unused trailing arguments are ignored by the probe. */
    public static void call(long function, long a0, long a1, long a2, long a3, long a4, long a5) {
        INVOKER.invokeL6NoErrno(SIX_LONGS, function, a0, a1, a2, a3, a4, a5);
    }
}
