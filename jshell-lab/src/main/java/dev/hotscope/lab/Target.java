package dev.hotscope.lab;

import dev.hotscope.lab.internal.AgentInjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/** The process the lab's sources trace: a pid, checked to be alive each time a source starts. */
public final class Target {
    private final long pid;
    private final String command;
    private final boolean jvm;

    private Target(long pid, String command, boolean jvm) {
        this.pid = pid;
        this.command = command;
        this.jvm = jvm;
    }

    /**
     * Looks a running process up.
     *
     * @param pid its process id
     * @return the target
     * @throws IllegalArgumentException if no such process runs, or its /proc entry cannot be read
     */
    static Target of(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid must be a positive process id, not " + pid);
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) {
            throw new IllegalArgumentException("no process " + pid + " is running; `jps` lists JVMs");
        }
        return new Target(pid, commandOf(pid), mapsJvm(pid));
    }

    /** Returns the process id. */
    public long pid() {
        return pid;
    }

    /** Returns the process's command line (shortened), or its comm. */
    public String command() {
        return command;
    }

    /** Returns whether the process has libjvm.so mapped: HotSpot probes, GC and lock tracing work on it. */
    public boolean isJvm() {
        return jvm;
    }

    /** Returns whether the process still runs. */
    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Fails unless the process still runs.
     *
     * @throws IllegalStateException naming the pid and what to do
     */
    public void requireAlive() {
        if (!isAlive()) {
            throw new IllegalStateException("pid " + pid + " (" + command + ") has exited; pick another target with attach(pid) or self()");
        }
    }

    /**
     * Fails unless the process is a HotSpot JVM.
     *
     * @param what the verb that needs one, for the message
     * @throws IllegalStateException naming the pid and what works instead
     */
    void requireJvm(String what) {
        requireAlive();
        if (!jvm) {
            throw new IllegalStateException(what + " needs a HotSpot JVM, and pid " + pid + " (" + command
                + ") has no libjvm.so mapped; syscalls(), offcpu(), runq(), uprobe() and tracepoint() work on any process");
        }
    }

    /**
     * Loads the hotscope agent into the target, as {@code bin/hotscope attach PID OPTIONS} does: for
     * method probes ({@code probe=CLASS#METHOD}), in-process Java stacks and a JFR recording.
     *
     * @param options the agent's options, e.g. {@code "lock,probe=com.acme.*#handle"}; "" for every feature; not null
     * @return the agent's status line
     * @throws IllegalArgumentException if the options are refused or the attach fails, in one line
     * @throws IllegalStateException if the process is gone or not a JVM
     */
    public String inject(String options) {
        Objects.requireNonNull(options, "options: give \"\" for every feature, or e.g. \"lock,probe=com.acme.*#handle\"");
        requireJvm("inject()");
        return AgentInjector.attach(pid, options);
    }

    /**
     * Stops the agent in the target and writes its recording, as {@code bin/hotscope detach PID} does.
     *
     * @return what the agent said
     * @throws IllegalArgumentException if there is no agent or the detach fails, in one line
     */
    public String detach() {
        requireAlive();
        return AgentInjector.detach(pid);
    }

    @Override
    public String toString() {
        return "pid " + pid + " (" + command + ")" + (isAlive() ? "" : ", exited");
    }

    private static String commandOf(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String cmd = withoutJvmOptions(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
            if (cmd.isEmpty()) {
                cmd = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
            }
            return cmd.length() > 80 ? cmd.substring(0, 77) + "..." : cmd;
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code java -Xmx1g -cp x com.acme.Main a} as {@code java com.acme.Main a}: the main class is what tells JVMs apart. */
    private static String withoutJvmOptions(String[] argv) {
        StringBuilder b = new StringBuilder();
        boolean java = argv.length > 0 && (argv[0].endsWith("/java") || argv[0].equals("java"));
        boolean skipValue = false;
        boolean mainSeen = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (java && i > 0 && !mainSeen) {
                if (skipValue) {
                    skipValue = false;
                    continue;
                }
                if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-p")
                        || a.equals("--module-path") || a.equals("--add-opens") || a.equals("--add-exports")) {
                    skipValue = true;
                    continue;
                }
                if (a.startsWith("-") && !a.equals("-jar") && !a.equals("-m") && !a.equals("--module")) {
                    continue;
                }
                mainSeen = !a.equals("-jar") && !a.equals("-m") && !a.equals("--module");
            }
            b.append(b.length() == 0 ? "" : " ").append(i == 0 && java ? "java" : a);
        }
        return b.toString().strip();
    }

    private static boolean mapsJvm(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read /proc/" + pid + "/maps: permission denied;"
                + " tracing needs root anyway: run the lab as root (sudo bin/hotscope lab)");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read /proc/" + pid + "/maps (" + e.getMessage()
                + "); the process has exited or cannot be read: run the lab as root (sudo bin/hotscope lab)");
        }
    }
}
