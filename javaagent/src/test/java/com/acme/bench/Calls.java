package com.acme.bench;

/** Trivial methods for {@code MethodProbeOverhead}: one probed, one not. */
public final class Calls {
    private Calls() {}

    public static int probed(int x) {
        return x * 31 + 7;
    }

    public static int plain(int x) {
        return x * 31 + 7;
    }
}
