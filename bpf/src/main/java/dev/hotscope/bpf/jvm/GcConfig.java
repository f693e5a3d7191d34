package dev.hotscope.bpf.jvm;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** How a {@link GcTracer} traces; immutable, every {@code with…} returns a copy. */
public final class GcConfig {
    /** At most this many GC thread name prefixes (the kernel compares each thread's comm with every one). */
    public static final int MAX_PREFIXES = 8;
    /** A prefix has at most this many bytes: the kernel keeps 15 of a thread's name. */
    public static final int MAX_PREFIX_BYTES = 15;
    /**
     * HotSpot's GC thread names: G1 and Parallel workers ({@code GC Thread#N}), G1's concurrent
     * threads ({@code G1 Main Marker}, {@code G1 Conc#N}, {@code G1 Refine#N}, {@code G1 Service}),
     * the VM Thread that runs every pause, ZGC's and Shenandoah's threads.
     */
    public static final List<String> DEFAULT_GC_THREAD_PREFIXES = List.of(
        "GC Thread", "G1 ", "VM Thread", "ZWorker", "ZDriver", "ZDirector", "Shenandoah", "ParGC");

    private static final GcConfig DEFAULTS = new GcConfig(false, DEFAULT_GC_THREAD_PREFIXES);

    private final boolean forceUprobes;
    private final List<String> gcThreadPrefixes;

    private GcConfig(boolean forceUprobes, List<String> gcThreadPrefixes) {
        this.forceUprobes = forceUprobes;
        this.gcThreadPrefixes = gcThreadPrefixes;
    }

    /** USDT probes where libjvm.so has them, the default GC thread prefixes. */
    public static GcConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Whether to use the uprobe fallback for pauses and VM operation names even where libjvm.so has
     * USDT probes (to compare both, or to avoid USDT).
     *
     * @param force true to always use uprobes
     * @return the changed copy
     */
    public GcConfig withForcedUprobes(boolean force) {
        return new GcConfig(force, gcThreadPrefixes);
    }

    /**
     * The thread name prefixes that make a thread of the JVM a GC thread.
     *
     * @param prefixes 1 to {@link #MAX_PREFIXES} non-empty ASCII prefixes of at most
     *     {@link #MAX_PREFIX_BYTES} bytes; not null
     * @return the changed copy
     * @throws IllegalArgumentException if the list is empty or too long, or a prefix is empty, too long or not ASCII
     * @throws NullPointerException if the list or a prefix is null
     */
    public GcConfig withGcThreadPrefixes(List<String> prefixes) {
        List<String> copy = List.copyOf(prefixes);
        if (copy.isEmpty() || copy.size() > MAX_PREFIXES) {
            throw new IllegalArgumentException("1 to " + MAX_PREFIXES + " GC thread prefixes, not " + copy.size());
        }
        for (String prefix : copy) {
            byte[] bytes = prefix.getBytes(StandardCharsets.US_ASCII);
            if (prefix.isEmpty() || bytes.length > MAX_PREFIX_BYTES || !StandardCharsets.US_ASCII.newEncoder().canEncode(prefix)) {
                throw new IllegalArgumentException("GC thread prefix must be 1 to " + MAX_PREFIX_BYTES
                    + " ASCII characters: '" + prefix + "'");
            }
        }
        return new GcConfig(forceUprobes, copy);
    }

    /** Whether the uprobe fallback is forced. */
    public boolean forcedUprobes() {
        return forceUprobes;
    }

    /** The GC thread name prefixes; unmodifiable. */
    public List<String> gcThreadPrefixes() {
        return gcThreadPrefixes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GcConfig && ((GcConfig) o).forceUprobes == forceUprobes
            && ((GcConfig) o).gcThreadPrefixes.equals(gcThreadPrefixes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(forceUprobes, gcThreadPrefixes);
    }

    @Override
    public String toString() {
        return "GcConfig[forceUprobes=" + forceUprobes + ", gcThreadPrefixes=" + gcThreadPrefixes + "]";
    }
}
