package dev.hotscope.javaagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Placeholder for {@code hotscope demo}, replaced by the real command. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the hotscope demo (not yet implemented).")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /**
     * Says the demo is missing.
     *
     * @return 1, always
     */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("demo not yet implemented");
        return 1;
    }
}
