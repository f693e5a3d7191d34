package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.HotscopeEvents;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Event;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Removes from the JDK's part of the file the in-process copies of the events hotscope's chunk
 * writes. They are there when another recording of the JVM enabled them (JFR's chunks are shared
 * by all recordings), and would show every wait twice, once on the agent's thread. JDK 19+ has
 * {@code RecordingFile.write(Path, Predicate)} to filter a file; JDK 17 has no way, and says so.
 */
final class InProcessCopies {
    private InProcessCopies() {
    }

    /** Filters the file in place; returns "" or a clause for the final status line. */
    static String drop(Path file, List<Class<? extends Event>> types) {
        Set<String> names = HotscopeEvents.names(types);
        Method write;
        try {
            write = RecordingFile.class.getMethod("write", Path.class, Predicate.class);
        } catch (NoSuchMethodException e) {
            return "; another JFR recording ran, so the JDK's part also holds in-process copies of hotscope's"
                + " events on the agent's thread (JDK 17 cannot filter a recording; JDK 19+ does)";
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".filtered");
        try (RecordingFile in = new RecordingFile(file)) {
            Predicate<RecordedEvent> keep = e -> !names.contains(e.getEventType().getName());
            write.invoke(in, temp, keep);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return "; in-process copies that another JFR recording put in the JDK's part were removed";
        } catch (InvocationTargetException e) {
            return "; in-process copies in the JDK's part could not be removed: " + AgentLog.describe(e.getCause());
        } catch (Exception e) {
            return "; in-process copies in the JDK's part could not be removed: " + AgentLog.describe(e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (java.io.IOException e) {
                AgentLog.line("could not delete " + temp + ": " + AgentLog.describe(e));
            }
        }
    }
}
