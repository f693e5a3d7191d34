package com.acme.lazy;

/** Loaded only after the probes are installed (the premain case): no test names it in code. */
public final class LateService {
    public int answer() {
        return 42;
    }
}
