package dev.hotscope.javaagent.internal.profiler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** A written recording read back with the JDK's own parser. */
final class RecordedFile {
    private final List<RecordedEvent> events;

    private RecordedFile(List<RecordedEvent> events) {
        this.events = events;
    }

    static RecordedFile read(Path file) throws IOException {
        return new RecordedFile(RecordingFile.readAllEvents(file));
    }

    List<RecordedEvent> of(String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }

    /** Events of a type on a thread whose stack has the method of {@link ProfiledWork}. */
    List<RecordedEvent> samples(String type, String threadField, String threadPrefix, String method) {
        List<RecordedEvent> found = new ArrayList<>();
        for (RecordedEvent e : of(type)) {
            RecordedThread thread = e.getThread(threadField);
            if (thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith(threadPrefix)
                && hasFrame(e, method)) {
                found.add(e);
            }
        }
        return found;
    }

    private static boolean hasFrame(RecordedEvent e, String method) {
        if (e.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame frame : e.getStackTrace().getFrames()) {
            if (frame.isJavaFrame() && frame.getMethod().getName().equals(method)
                && frame.getMethod().getType().getName().equals(ProfiledWork.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The value async-profiler recorded for one of its settings (engine, event, interval...). */
    String setting(String name) {
        return of("jdk.ActiveSetting").stream().filter(e -> name.equals(e.getString("name")))
            .map(e -> e.getString("value")).findFirst().orElse(null);
    }
}
