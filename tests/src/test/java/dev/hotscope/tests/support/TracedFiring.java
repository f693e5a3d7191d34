package dev.hotscope.tests.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the target fire its sequence only once bpftrace is certainly attached to every probe, so
 * that nothing is missed:
 *
 * <ol>
 *   <li>the target waits until every traced probe's semaphore is up (the start barrier);</li>
 *   <li>a raised semaphore does not yet mean the BPF program is attached (the kernel raises it when
 *       the uprobe is created), so the target then fires {@code sync} in a loop, and the test waits
 *       for bpftrace to print it: bpftrace only starts reading events after attaching every
 *       probe;</li>
 *   <li>then the target fires the sequence and {@code done}.</li>
 * </ol>
 */
public final class TracedFiring {
    private TracedFiring() {}

    /**
     * Runs the handshake and fires.
     *
     * @param target the target
     * @param bpftrace the tracer, started with a script built {@link UsdtScript#withSyncAndExitOnDone()}
     * @param tracedProbes the scenario probes the script traces
     * @return the scenario's report lines
     * @throws InterruptedException if interrupted
     */
    public static List<String> fireWhenAttached(ForkedTarget target, Bpftrace bpftrace, List<String> tracedProbes)
        throws InterruptedException {
        List<String> barrier = new ArrayList<>(tracedProbes);
        barrier.add(UsdtScript.SYNC);
        barrier.add(UsdtScript.DONE);
        target.awaitEnabled(barrier);
        target.startSync();
        bpftrace.awaitLine(line -> line.startsWith(UsdtScript.SYNC_LINE_PREFIX),
            "a sync event (proof that every probe is attached)");
        return target.fire();
    }
}
