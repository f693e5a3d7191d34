package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The notebooks in {@code notebooks/}, executed headless by Debian's {@code jupyter nbconvert} on the
 * lab kernel against their own workloads: each must run without a cell error and show real results,
 * not just empty renderings. The HTML stays in {@code tests/target/notebooks/html}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest {
    /** A histogram of a rich result with events in it: its heading counts them, its bars are SVG. */
    private static final String NON_EMPTY_HISTOGRAM = "\\(usecs\\): [1-9][0-9,]* events</div>\\s*<svg";

    private NotebookRunner jupyter;

    @BeforeAll
    void installKernel() throws Exception {
        TracingAssumptions.requireRoot();
        jupyter = NotebookRunner.install();
    }

    @Test
    void gcPausesVersusSyscallsShowsBothHistogramsAndTheWriters() throws Exception {
        NotebookRun run = report(jupyter.execute("01-gc-pauses-vs-syscalls").requireNoErrors());

        assertThat(run.count("gc of pid \\d+ " + NON_EMPTY_HISTOGRAM)).as("GC pause histogram").isEqualTo(1);
        assertThat(run.count("syscalls of pid \\d+, thread ~ writer-\\.\\*(, where\\(\\.\\.\\.\\))? " + NON_EMPTY_HISTOGRAM))
            .as("fdatasync histogram").isEqualTo(1);
        assertThat(run.html()).as("the writers' calls by name and by thread")
            .contains(">fdatasync<", ">writer-1<", ">writer-2<");
        assertThat(run.count(">(a GC pause overlapped it|no GC pause meanwhile)<")).as("the overlap table").isPositive();
    }

    @Test
    void lockContentionShowsTheLocksJavaFramesTheContendersAndTheirWakers() throws Exception {
        NotebookRun run = report(jupyter.execute("02-lock-contention").requireNoErrors());

        assertThat(run.html()).as("blocking waits by Java stack")
            .contains("dev.hotscope.lab.workload.LockContention.underMonitor",
                "dev.hotscope.lab.workload.LockContention.underReentrantLock");
        assertThat(run.html()).as("contenders by thread")
            .contains(">monitor-1<", ">monitor-2<", ">monitor-3<", ">reentrant-1<", ">reentrant-2<", ">reentrant-3<");
        assertThat(run.count("(monitor|reentrant)-\\d (&lt;|<)- (monitor|reentrant)-\\d")).as("waiter <- waker pairs")
            .isPositive();
        assertThat(run.count(">thread</th>")).as("by-thread tables: one collected, one live view replaced in place")
            .isEqualTo(2);
    }

    @Test
    void offCpuFlameGraphHasTheServicesHandlers() throws Exception {
        NotebookRun run = report(jupyter.execute("03-offcpu-flamegraph-http").requireNoErrors());

        assertThat(run.count("<svg[^>]*class=\"hotscope-flame-svg\"")).as("two flame graphs").isEqualTo(2);
        assertThat(run.count("<title>dev\\.hotscope\\.lab\\.workload\\.HttpService\\.respond "))
            .as("a frame of the service's own code in the flame graphs").isPositive();
        assertThat(run.count("<title>dev\\.hotscope\\.lab\\.workload\\.HttpService\\."
                + "(sleepLikeADownstreamCall|updateLedger|appendAuditRecord) "))
            .as("the handlers' frames").isPositive();
        assertThat(run.html()).as("workers by thread").contains(">http-worker-1<");
    }

    /** Prints how long the notebook took: the suite's budget is about three minutes for all of them. */
    private static NotebookRun report(NotebookRun run) {
        System.out.println("notebook " + run);
        return run;
    }
}
