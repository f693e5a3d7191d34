package dev.hotscope.javaagent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.hotscope.javaagent.internal.AgentRuntime;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/** Loads the agent jar into a running JVM through the Attach API and reads back what it says. */
final class AgentAttacher {
    private AgentAttacher() {}

    /**
     * Sends {@code options} to the agent in the JVM {@code pid}, loading the agent if needed.
     *
     * @return the agent's status line after the launch (the text after the sequence number)
     * @throws IllegalArgumentException one line, when the pid is no JVM or the attach fails
     */
    static String send(long pid, String options) {
        Path jar = agentJar();
        requireJvm(pid);
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new IllegalArgumentException("cannot attach to pid " + pid + ": " + oneLine(e)
                + " (is it a HotSpot JVM run by this user or root, started without -XX:+DisableAttachMechanism?)");
        }
        try {
            String before = vm.getSystemProperties().getProperty(AgentRuntime.STATUS_PROPERTY, "");
            vm.loadAgent(jar.toString(), options);
            String after = vm.getSystemProperties().getProperty(AgentRuntime.STATUS_PROPERTY, "");
            if (after.equals(before)) {
                throw new IllegalArgumentException("the agent in pid " + pid + " did not answer; see the JVM's stderr");
            }
            int space = after.indexOf(' ');
            return space < 0 ? after : after.substring(space + 1);
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new IllegalArgumentException("loading the agent into pid " + pid + " failed: " + oneLine(e));
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
    }

    /** A pid with no libjvm.so mapped gets a clear line instead of the Attach API's socket error. */
    static void requireJvm(long pid) {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        String comm = comm(pid);
        try (var lines = Files.lines(maps)) {
            if (lines.noneMatch(l -> l.endsWith("/libjvm.so"))) {
                throw new IllegalArgumentException("pid " + pid + " (" + comm + ") is not a Java process:"
                    + " no libjvm.so in /proc/" + pid + "/maps; expected the pid of a HotSpot JVM");
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("pid " + pid + " (" + comm + "): cannot read /proc/" + pid
                + "/maps: permission denied; attach to a JVM you own, or run as root");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("pid " + pid + " (" + comm + "): cannot read /proc/" + pid + "/maps ("
                + oneLine(e) + "); the process has exited or belongs to another user");
        }
    }

    /** The jar this class came from; {@code -Dhotscope.agent.jar} overrides it. */
    static Path agentJar() {
        String override = System.getProperty("hotscope.agent.jar");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        CodeSource source = AgentAttacher.class.getProtectionDomain().getCodeSource();
        try {
            Path path = source == null ? null : Path.of(source.getLocation().toURI());
            if (path != null && Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                return path;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the error
        }
        throw new IllegalArgumentException("cannot find hotscope.jar to load: run bin/hotscope (dist/hotscope.jar)"
            + " or set -Dhotscope.agent.jar=PATH");
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }
}
