package dev.hotscope.lab.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the agent into a target by running hotscope's own command line ({@code java -jar
 * dist/hotscope.jar attach|detach}), so the lab shares its checks, messages and option parsing.
 */
public final class AgentInjector {
    private static final long TIMEOUT_SECONDS = 60;

    private AgentInjector() {}

    /**
     * Runs {@code attach PID OPTIONS}.
     *
     * @return what the command printed, trimmed
     * @throws IllegalArgumentException with the command's own one-line error when it fails
     */
    public static String attach(long pid, String options) {
        List<String> args = new ArrayList<>(List.of("attach", Long.toString(pid)));
        if (!options.isBlank()) {
            args.add(options);
        }
        return run(args);
    }

    /** Runs {@code detach PID}; as {@link #attach}. */
    public static String detach(long pid) {
        return run(List.of("detach", Long.toString(pid)));
    }

    private static String run(List<String> args) {
        Path jar = agentJar();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toString()));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException("hotscope " + args.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IllegalArgumentException(out.isEmpty() ? "hotscope " + args.get(0) + " failed (exit " + p.exitValue() + ")"
                    : lastLine(out));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running hotscope " + args.get(0));
        }
    }

    /** dist/hotscope.jar, next to the lab's jar; {@code -Dhotscope.agent.jar} overrides it. */
    static Path agentJar() {
        String override = System.getProperty("hotscope.agent.jar");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        Path lab = LabJar.location();
        Path sibling = lab == null ? null : lab.resolveSibling("hotscope.jar");
        if (sibling != null && Files.isRegularFile(sibling)) {
            return sibling;
        }
        throw new IllegalArgumentException("cannot find dist/hotscope.jar next to the lab's jar (" + lab
            + "); build it with `mvn -DskipTests package` or set -Dhotscope.agent.jar=PATH");
    }

    private static String lastLine(String out) {
        String[] lines = out.split("\n");
        return lines[lines.length - 1].strip();
    }
}
