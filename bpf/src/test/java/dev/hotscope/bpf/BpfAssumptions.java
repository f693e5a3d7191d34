package dev.hotscope.bpf;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a BPF test with a one-line reason when this machine cannot run it (not root, no BTF, no
 * libbpf, …), but fails it instead when the system property {@code hotscope.requireBpf} is
 * {@code true}, so that a root CI run cannot pass by skipping.
 */
public final class BpfAssumptions {
    private BpfAssumptions() {}

    /** Whether skipping is forbidden. */
    public static boolean required() {
        return Boolean.getBoolean("hotscope.requireBpf");
    }

    /** Skips (or fails) unless BPF programs can be loaded and attached here. */
    public static void assumeBpf() {
        List<String> problems = Capabilities.current().problems();
        if (!problems.isEmpty()) {
            skipOrFail(problems.get(0));
        }
    }

    /** Skips (or fails) with the reason unless the condition holds. */
    public static void assumeThat(boolean condition, String reason) {
        if (!condition) {
            skipOrFail(reason);
        }
    }

    private static void skipOrFail(String reason) {
        if (required()) {
            fail("BPF test cannot run and hotscope.requireBpf=true: " + reason);
        }
        Assumptions.abort(reason);
    }
}
