package dev.hotscope.bpf.locks;

import dev.hotscope.bpf.threads.ForkedProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** {@link LockTracerTest} against a JDK 25 target, whose monitor code differs from 17's; skipped without one. */
class LockTracerOnJdk25Test extends LockTracerTest {
    @Override
    Path jdk() {
        return ForkedProcess.JDK25;
    }

    @Override
    @BeforeAll
    void startTarget() throws Exception {
        Assumptions.assumeTrue(ForkedProcess.installed(ForkedProcess.JDK25),
            "JDK 25 is not installed at " + ForkedProcess.JDK25);
        super.startTarget();
    }
}
