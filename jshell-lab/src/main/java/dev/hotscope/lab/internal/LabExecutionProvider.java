package dev.hotscope.lab.internal;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** The execution engine {@code hotscope}: {@link LabExecutionControl}, in this JVM. */
public final class LabExecutionProvider implements ExecutionControlProvider {
    /** The name to give JShell's {@code --execution}. */
    public static final String NAME = "hotscope";

    /** Creates the provider; ServiceLoader needs this constructor. */
    public LabExecutionProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new LabExecutionControl();
    }
}
