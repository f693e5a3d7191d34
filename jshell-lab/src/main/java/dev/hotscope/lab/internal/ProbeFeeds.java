package dev.hotscope.lab.internal;

import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.probe.ProbeHit;
import dev.hotscope.bpf.probe.ProbeSpec;
import dev.hotscope.bpf.probe.ProbeTracer;
import dev.hotscope.lab.Event;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** The lab's usdt(), uprobe() and tracepoint() sources, over the bpf module's generic probe program. */
public final class ProbeFeeds {
    private ProbeFeeds() {}

    /**
     * A USDT probe, or two paired per thread.
     *
     * @param begin {@code provider:name}
     * @param end {@code provider:name}, or null for single firings
     * @throws IllegalArgumentException if a name is not {@code provider:name}
     */
    public static Feed usdt(String begin, String end) {
        String[] b = split(begin, "usdt", "provider:name, e.g. hotspot:gc__begin");
        ProbeSpec spec = ProbeSpec.usdt(b[0], b[1]);
        if (end != null) {
            String[] e = split(end, "usdt", "provider:name, e.g. hotspot:gc__end");
            spec = spec.until(ProbeSpec.usdt(e[0], e[1]));
        }
        return new ProbeFeed(end == null ? "usdt(\"" + begin + "\")" : "usdt(\"" + begin + "\", \"" + end + "\")", b[1], spec);
    }

    /**
     * A library function with its return.
     *
     * @param function {@code library:symbol}
     */
    public static Feed uprobe(String function) {
        Objects.requireNonNull(function, "function: give library:symbol, e.g. libc:malloc");
        int colon = function.lastIndexOf(':');
        if (colon <= 0 || colon == function.length() - 1) {
            throw new IllegalArgumentException("uprobe(\"" + function + "\"): expected library:symbol, e.g. libc:malloc or /usr/lib/x86_64-linux-gnu/libz.so.1:inflate");
        }
        String symbol = function.substring(colon + 1);
        ProbeSpec spec = ProbeSpec.uprobe(function.substring(0, colon), symbol).returns();
        return new ProbeFeed("uprobe(\"" + function + "\")", symbol, spec);
    }

    /**
     * A tracepoint, or two paired per thread.
     *
     * @param begin {@code category:event}
     * @param end {@code category:event}, or null
     */
    public static Feed tracepoint(String begin, String end) {
        String[] b = split(begin, "tracepoint", "category:event, e.g. sched:sched_switch");
        ProbeSpec spec = ProbeSpec.tracepoint(b[0], b[1]);
        if (end != null) {
            String[] e = split(end, "tracepoint", "category:event, e.g. syscalls:sys_exit_read");
            spec = spec.until(ProbeSpec.tracepoint(e[0], e[1]));
        }
        return new ProbeFeed(end == null ? "tracepoint(\"" + begin + "\")" : "tracepoint(\"" + begin + "\", \"" + end + "\")",
            b[1], spec);
    }

    private static String[] split(String text, String verb, String expected) {
        Objects.requireNonNull(text, verb + ": give " + expected);
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException(verb + "(\"" + text + "\"): expected " + expected);
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    /** One probe spec as a feed. */
    private static final class ProbeFeed implements Feed {
        private final String name;
        private final String eventName;
        private final ProbeSpec spec;

        ProbeFeed(String name, String eventName, ProbeSpec spec) {
            this.name = name;
            this.eventName = eventName;
            this.spec = spec;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void check(OptionalLong pid) {
            Capabilities.current().require(); // else the names cannot be read either, and that would be the message
            ProbeTracer.check(pid.isPresent() ? spec.pid(pid.getAsLong()) : spec);
        }

        @Override
        public Running start(FeedRequest r, Consumer<Event> sink) {
            ProbeSpec s = spec.minDurationNanos(r.minDurationNanos()).userStack(r.stacks()).kernelStack(r.stacks());
            if (r.pid().isPresent()) {
                s = s.pid(r.pid().getAsLong());
            }
            Naming naming = new Naming(r.pid().isPresent() ? r.pid().getAsLong() : -1, r.stacks());
            ConversionErrors errors = new ConversionErrors();
            ProbeTracer t = ProbeTracer.start(s, errors.guard(hit -> {
                Event bare = naming.event(name, eventName, hit);
                if (r.early().test(bare)) {
                    sink.accept(naming.withStack(bare, hit));
                }
            }));
            return new TracerRunning(t::poll, () -> t.counters().dropped(), t.argNames(), List.of(), t::close, errors);
        }
    }

    /** Probe hits as lab events: thread names of the traced process, or the comm when tracing every process. */
    private static final class Naming {
        private final ProcessNames names;

        Naming(long pid, boolean stacks) {
            // Stacks need one process's maps and perf map: without a target there are none to take.
            this.names = pid < 0 ? null : new ProcessNames(pid, stacks);
        }

        /** The hit without its stack, for the filters that need none. */
        Event event(String source, String eventName, ProbeHit h) {
            String thread = names == null ? h.comm() : names.thread(h.tid());
            return new Event(source, eventName, h.startNanos(), h.durationNanos(), h.tid(), thread, h.args(), List.of(), h);
        }

        Event withStack(Event bare, ProbeHit h) {
            return names == null ? bare : names.withStack(bare, h.userStack(), h.kernelStack());
        }
    }
}
