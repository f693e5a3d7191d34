package dev.hotscope.usdt;

import java.util.Objects;

/**
 * One USDT probe site found in a process or an ELF file.
 *
 * @param pid the process, or -1 for a probe read from a file on disk
 * @param file the file's path as {@code /proc/PID/maps} shows it (or as given, for a file on disk)
 * @param provider the provider name, e.g. {@code hotspot}
 * @param name the probe name, e.g. {@code gc__begin}
 * @param args the SDT argument spec, e.g. {@code 8@%rdi -4@%esi}; empty if the probe has none
 * @param pc the link-time address of the probe site, corrected for prelinking
 * @param semaphore the link-time address of the probe's semaphore, or 0 if it has none
 * @param runtimeSemaphore the semaphore's address in the process, or 0 if none or unknown
 * @param semaphoreCount the semaphore's value (tracers attached), or -1 if none or unknown
 */
public record UsdtProbeInfo(long pid, String file, String provider, String name, String args, long pc,
                            long semaphore, long runtimeSemaphore, int semaphoreCount) {

    /**
     * Checks that no text field is null.
     *
     * @throws NullPointerException if file, provider, name or args is null
     */
    public UsdtProbeInfo {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
    }

    /** Whether the probe is guarded by a semaphore that tracers increment. */
    public boolean hasSemaphore() {
        return semaphore != 0;
    }
}
