package dev.hotscope.javaagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotscope detach <pid>}: stops the agent in a JVM and writes its recording. */
@Command(name = "detach", mixinStandardHelpOptions = true,
    description = {"Stop the hotscope agent in a JVM: detach every BPF program, restore probed classes,",
        "and write the recording. The agent's classes stay loaded but idle."})
public final class DetachCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The JVM to detach from.")
    private String pidText;

    /**
     * Detaches and prints the agent's answer.
     *
     * @return 0 when the agent stopped, 1 when it was not running or failed, 2 on bad arguments
     */
    @Override
    public Integer call() {
        long pid;
        try {
            pid = Pids.parse(pidText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Agents.report(spec, "detach", pid, "detach");
    }
}
