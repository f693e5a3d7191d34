package dev.hotscope.jfr.report;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Everything one pass over a recording found, in bounded aggregates; the page and the text render it. */
final class Findings {
    final Path file;
    final RecordingFacts facts = new RecordingFacts();
    final ThreadTimes threads = new ThreadTimes();
    final NamedStats syscalls = new NamedStats();
    final NamedStats lockKinds = new NamedStats();
    final NamedStats lockWakers = new NamedStats();
    final NamedStats monitorClasses = new NamedStats();
    final NamedStats offCpuReasons = new NamedStats();
    final NamedStats offCpuWakers = new NamedStats();
    final NamedStats safepoints = new NamedStats();
    final NamedStats methods = new NamedStats();
    final GcPauses hotscopeGc = new GcPauses("hotscope.GcPause");
    final GcPauses jdkGc = new GcPauses("jdk.GarbageCollection");
    final StackProfile offCpuByStack = new StackProfile("Off-CPU time by stack");
    final StackProfile offCpuSums = new StackProfile("Off-CPU time by stack");
    final StackProfile syscallByStack = new StackProfile("Syscall time by stack");
    final StackProfile lockByStack = new StackProfile("Lock wait time by stack");
    final KernelHistograms kernelHistograms = new KernelHistograms();
    final Map<WaitKind, Log2Counts> durations = new EnumMap<>(WaitKind.class);
    final Timeline timeline = new Timeline();

    Findings(Path file) {
        this.file = file;
        for (WaitKind k : WaitKind.values()) {
            durations.put(k, new Log2Counts());
        }
    }

    /** hotscope's GC pauses, or the JDK's when the recording has none of hotscope's. */
    GcPauses gc() {
        return hotscopeGc.count() > 0 ? hotscopeGc : jdkGc;
    }

    /**
     * The off-CPU profile: from the single off-CPU events (they know their threads and may carry JFR
     * stack traces), else from the agent's per-interval sums (hotscope.OffCpuStack).
     */
    StackProfile offCpuProfile() {
        return offCpuByStack.isEmpty() ? offCpuSums : offCpuByStack;
    }

    boolean hasHotscopeEvents() {
        return facts.hotscopeEvents() > 0;
    }
}
