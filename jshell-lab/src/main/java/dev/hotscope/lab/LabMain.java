package dev.hotscope.lab;

import dev.hotscope.lab.internal.LabExecutionProvider;
import dev.hotscope.lab.internal.Startup;
import dev.hotscope.lab.internal.ToolPreferences;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * {@code bin/hotscope lab [--pid PID]}: the real JShell, with the lab on its class path, its vocabulary
 * imported, and the target chosen when a pid is given.
 */
public final class LabMain {
    private static final String USAGE = "usage: bin/hotscope lab [--pid PID] | bin/hotscope lab --install-kernel [--prefix DIR] [--print]";

    private LabMain() {}

    /**
     * Runs the lab and exits with JShell's status, or 2 on bad arguments.
     *
     * @param args {@code --pid PID}, or {@code --install-kernel} and its options
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs the lab.
     *
     * @return the exit status
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("--install-kernel")) {
            return dev.hotscope.lab.jupyter.KernelInstall.run(args.subList(1, args.size()), out, err);
        }
        OptionalLong pid;
        try {
            pid = parsePid(args);
            pid.ifPresent(Target::of); // a dead pid is refused here, in one line, not as a failed startup snippet
        } catch (IllegalArgumentException e) {
            err.println("hotscope lab: " + e.getMessage());
            return 2;
        }
        try {
            Path startup = Files.createTempFile("hotscope-lab-", ".jsh");
            try {
                Files.writeString(startup, Startup.script(pid));
                out.println("hotscope lab: JShell with the tracing vocabulary; help() lists it, /exit leaves."
                    + pid.stream().mapToObj(p -> " Target: pid " + p + ".").findFirst().orElse(" attach(pid) or self() picks a target."));
                return JavaShellToolBuilder.builder().persistence(ToolPreferences.withLabMode()).start(
                    "--class-path", System.getProperty("java.class.path"),
                    "--execution", LabExecutionProvider.NAME,
                    "--startup", "DEFAULT", "--startup", startup.toString());
            } finally {
                Files.deleteIfExists(startup);
            }
        } catch (Exception e) {
            err.println("hotscope lab: JShell failed: " + e);
            return 1;
        }
    }

    static OptionalLong parsePid(List<String> args) {
        if (args.isEmpty()) {
            return OptionalLong.empty();
        }
        if (args.size() == 2 && args.get(0).equals("--pid")) {
            try {
                return OptionalLong.of(Long.parseLong(args.get(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--pid needs a process id, not \"" + args.get(1) + "\"; " + USAGE);
            }
        }
        if (args.size() == 1 && args.get(0).startsWith("--pid=")) {
            return parsePid(List.of("--pid", args.get(0).substring("--pid=".length())));
        }
        throw new IllegalArgumentException("unknown arguments " + args + "; " + USAGE);
    }
}
