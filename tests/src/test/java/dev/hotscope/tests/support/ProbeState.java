package dev.hotscope.tests.support;

/**
 * A probe's state as the target reports it.
 *
 * @param enabled {@code Probe.isEnabled()}
 * @param semaphore {@code Probe.semaphoreValue()}
 */
public record ProbeState(boolean enabled, int semaphore) {
}
