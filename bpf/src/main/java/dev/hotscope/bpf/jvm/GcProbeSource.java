package dev.hotscope.bpf.jvm;

/** Where a {@link GcTracer} learns that a GC pause begins and ends. */
public enum GcProbeSource {
    /** HotSpot's USDT probes {@code hotspot:gc__begin} and {@code gc__end}. */
    USDT,
    /** uprobes on the libjvm functions that hold those probes, for builds without probe notes. */
    UPROBES
}
