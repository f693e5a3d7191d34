package dev.hotscope.lab.bpftrace;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test that needs bpftrace when this is not root or bpftrace is missing, with the reason; fails
 * instead when {@code hotscope.requireBpf=true} (a root CI run that must not skip).
 */
final class BpftraceAssumptions {
    private BpftraceAssumptions() {}

    static void requireBpftrace() {
        long uid = BpftraceCommand.effectiveUid();
        if (uid != 0) {
            unmet("not root (uid " + uid + "): bpftrace needs root");
        }
        if (BpftraceCommand.locate().isEmpty()) {
            unmet("bpftrace is not installed: apt-get install bpftrace");
        }
    }

    private static void unmet(String reason) {
        if (Boolean.getBoolean("hotscope.requireBpf")) {
            Assertions.fail(reason + " (failing instead of skipping: hotscope.requireBpf=true)");
        }
        Assumptions.abort(reason);
    }
}
