package dev.hotscope.tests.profiler;

import dev.hotscope.agent.boot.AgentClassLoader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A JVM that starts async-profiler through hotscope's class loader over the dist jar, burns CPU on
 * a named thread, and then stops it in one of several ways.
 *
 * <p>Arguments: DIST_JAR MODE FILE JFC HOW, where HOW is {@code stop} (stop() twice, then exit),
 * {@code exit} (no stop: the JVM's exit writes the file) or {@code hook} (stop() in a shutdown hook).
 * Prints {@code line: ...} for each line the profiler logs, {@code started: DESCRIPTION} or
 * {@code not started}, and {@code stopped: RESULT}.
 */
public final class ProfiledApp {
    static final String BURNER = "profiled-burner";
    private static final String PACKAGE = "dev.hotscope.javaagent.internal.profiler.";
    private static volatile long sink;

    private ProfiledApp() {}

    public static void main(String[] args) throws Exception {
        ClassLoader loader = AgentClassLoader.open(Path.of(args[0]));
        Class<?> modes = loader.loadClass(PACKAGE + "ProfilerMode");
        Class<?> recordings = loader.loadClass(PACKAGE + "AsyncProfilerRecording");
        Object mode = modes.getMethod("parse", String.class).invoke(null, args[1]);
        Consumer<String> log = line -> System.out.println("line: " + line);
        Optional<?> started = (Optional<?>) recordings.getMethod("start", modes, Path.class, Path.class, Consumer.class)
            .invoke(null, mode, Path.of(args[2]), Path.of(args[3]), log);
        if (started.isEmpty()) {
            System.out.println("not started");
            return;
        }
        Object recording = started.get();
        System.out.println("started: " + recordings.getMethod("describe").invoke(recording));
        Thread burner = new Thread(() -> burn(1000), BURNER);
        burner.start();
        burner.join();
        switch (args[4]) {
            case "stop":
                System.out.println("stopped: " + stop(recordings, recording));
                System.out.println("stopped again: " + stop(recordings, recording));
                break;
            case "hook":
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopped: " + stop(recordings, recording))));
                break;
            default:
                break;
        }
    }

    private static Object stop(Class<?> recordings, Object recording) {
        try {
            return recordings.getMethod("stop").invoke(recording);
        } catch (ReflectiveOperationException e) {
            return e;
        }
    }

    static void burn(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 31 + i;
            }
        }
        sink = x;
    }
}
