package dev.hotscope.tests.support;

import java.nio.file.Path;

/**
 * Builds a bpftrace program on the probes of one provider in one backing file:
 * {@code usdt:FILE:PROVIDER:PROBE { ACTION }}.
 */
public final class UsdtScript {
    /** The probe the target fires in a loop on {@code sync}; printing it proves every probe attached. */
    public static final String SYNC = "sync";
    /** The probe the target fires after its sequence. */
    public static final String DONE = "done";
    /** What the script prints for each {@code sync} event. */
    public static final String SYNC_LINE_PREFIX = "SYNC ";

    private final String prefix;
    private final StringBuilder program = new StringBuilder();

    private UsdtScript(Path file, String provider) {
        this.prefix = "usdt:" + file + ":" + provider + ":";
    }

    /**
     * Starts a program on one provider.
     *
     * @param file the provider's backing file, as the target reported it
     * @param provider the provider name
     * @return the builder
     */
    public static UsdtScript on(Path file, String provider) {
        return new UsdtScript(file, provider);
    }

    /**
     * Adds a probe with its action.
     *
     * @param probe the probe name
     * @param action the statements inside the braces
     * @return this builder
     */
    public UsdtScript probe(String probe, String action) {
        program.append(prefix).append(probe).append(" { ").append(action).append(" }\n");
        return this;
    }

    /**
     * Adds the handshake probe: {@code sync} prints {@code SYNC <n>} (see {@link TracedFiring}).
     *
     * @return this builder
     */
    public UsdtScript withSync() {
        return probe(SYNC, "printf(\"" + SYNC_LINE_PREFIX + "%d\\n\", arg0);");
    }

    /**
     * Adds the handshake probes: {@code sync} prints {@code SYNC <n>}, {@code done} ends bpftrace,
     * which then prints its maps.
     *
     * @return this builder
     */
    public UsdtScript withSyncAndExitOnDone() {
        return withSync().probe(DONE, "exit();");
    }

    /** The program text. */
    public String build() {
        return program.toString();
    }

    @Override
    public String toString() {
        return build();
    }
}
