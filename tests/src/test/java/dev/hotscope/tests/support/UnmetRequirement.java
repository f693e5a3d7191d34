package dev.hotscope.tests.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What happens when the machine lacks something a test needs: the test is skipped with the reason,
 * unless the system property {@value #REQUIRE_PROPERTY} is {@code true} (CI running as root), in
 * which case it fails with the same reason.
 */
public final class UnmetRequirement {
    /** The system property that turns skips into failures. */
    public static final String REQUIRE_PROPERTY = "hotscope.requireBpf";

    private UnmetRequirement() {}

    /** Whether unmet requirements fail rather than skip. */
    public static boolean isRequired() {
        return Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false"));
    }

    /**
     * Skips or fails the current test.
     *
     * @param reason one line saying what is missing and how to get it
     */
    public static void report(String reason) {
        if (isRequired()) {
            Assertions.fail(reason + " (failing instead of skipping: " + REQUIRE_PROPERTY + "=true)");
        }
        Assumptions.abort(reason);
    }
}
