package dev.hotscope.javaagent.cli;

import dev.hotscope.javaagent.internal.AgentOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotscope attach <pid> [OPTIONS]}: starts the agent in a running JVM. */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = {"Start the hotscope agent in a running JVM (Attach API). OPTIONS as for -javaagent:",
        AgentOptions.ACCEPTED + ".",
        "No event option: every feature the kernel and JVM support. The recording is written to file=",
        "(default hotscope-PID-TIME.jfr in the JVM's working directory) at detach, when duration= ends,",
        "or when the JVM exits. Needs root (or CAP_BPF+CAP_PERFMON) for the BPF features."})
public final class AttachCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The JVM to attach to.")
    private String pidText;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS",
        description = "Comma-separated agent options, e.g. lock=5ms,gc,file=out.jfr,duration=30s.")
    private String options = "";

    /**
     * Attaches and prints the agent's answer.
     *
     * @return 0 when the agent runs, 1 when it could not start, 2 on bad arguments
     */
    @Override
    public Integer call() {
        long pid;
        String sent;
        try {
            pid = Pids.parse(pidText);
            sent = absoluteFile(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Agents.report(spec, "attach", pid, sent);
    }

    /** Validates the options here, and makes file= absolute against this shell's directory. */
    static String absoluteFile(String text) {
        AgentOptions parsed = AgentOptions.parse(text);
        if (parsed.file().isEmpty() || parsed.file().get().isAbsolute()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (String item : text.split(",", -1)) {
            String t = item.trim();
            if (t.toLowerCase(java.util.Locale.ROOT).startsWith("file=")) {
                t = "file=" + Path.of(t.substring(5).trim()).toAbsolutePath();
            }
            out.append(out.length() == 0 ? "" : ",").append(t);
        }
        return out.toString();
    }
}
