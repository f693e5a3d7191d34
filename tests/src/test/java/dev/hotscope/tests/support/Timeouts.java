package dev.hotscope.tests.support;

import java.time.Duration;

/** Upper bounds for every wait; generous, since the happy path takes a fraction of each. */
public final class Timeouts {
    private Timeouts() {}

    /** A forked JVM printing {@code READY}. */
    public static final Duration JVM_START = Duration.ofSeconds(20);
    /** bpftrace compiling its script and printing {@code Attaching N probes...}, or a first event. */
    public static final Duration BPFTRACE_START = Duration.ofSeconds(20);
    /** One reply from the target; its own waits (await-enabled) end sooner. */
    public static final Duration REPLY = Duration.ofSeconds(15);
    /** A process ending by itself or after being asked to. */
    public static final Duration EXIT = Duration.ofSeconds(15);
    /** A short external command such as readelf or tplist. */
    public static final Duration COMMAND = Duration.ofSeconds(30);
}
