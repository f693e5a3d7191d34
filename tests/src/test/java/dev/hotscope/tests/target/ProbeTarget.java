package dev.hotscope.tests.target;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.io.PrintStream;

/**
 * Main class of the traced JVM. Arguments: a scenario (see {@link Scenarios}). Declares the
 * scenario's probes plus {@code sync(int64)} and {@code done()}, loads the provider, prints
 * {@code READY <pid> <path>} and then serves {@link TargetCommands} until {@code exit} or the end
 * of standard input.
 */
public final class ProbeTarget {
    private ProbeTarget() {}

    /**
     * Runs the target.
     *
     * @param args the scenario name and its parameters
     * @throws InterruptedException if interrupted while waiting for a command
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        Scenario scenario = Scenarios.fromArguments(args);
        try (Provider provider = Usdt.provider(scenario.providerName())) {
            scenario.declare(provider);
            Probe sync = provider.probe("sync", ArgType.INT64);
            Probe done = provider.probe("done", new ArgType[0]);
            provider.load();
            out.println("READY " + ProcessHandle.current().pid() + " " + provider.path());
            out.flush();
            new TargetCommands(provider, scenario, sync, done, out).serve(StdinCommands.start());
        }
    }
}
