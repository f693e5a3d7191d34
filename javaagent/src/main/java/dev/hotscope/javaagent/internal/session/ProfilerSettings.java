package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.MethodSpanEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.EventType;

/**
 * The .jfc file async-profiler's jfrsync starts the JDK's recording with: JFR's "default" settings,
 * hotscope's attributed events off (the agent writes them in its own chunk, on their threads),
 * the in-process ones on. An event a .jfc does not name keeps its defaults, stack traces included.
 */
final class ProfilerSettings {
    private ProfilerSettings() {
    }

    /** Writes the settings next to the recording, as a hidden file; the caller deletes it. */
    static Path write(Path recordingFile) throws IOException, ParseException {
        String jfc = Configuration.getConfiguration("default").getContents();
        int end = jfc.lastIndexOf("</configuration>");
        if (end < 0) {
            throw new ParseException("JFR's default.jfc has no </configuration>", 0);
        }
        StringBuilder ours = new StringBuilder();
        for (Class<? extends Event> type : SessionRecording.ATTRIBUTED) {
            ours.append(event(type, false, false));
        }
        for (Class<? extends Event> type : SessionRecording.IN_PROCESS) {
            ours.append(event(type, true, type == MethodSpanEvent.class));
        }
        Path file = Files.createTempFile(recordingFile.toAbsolutePath().getParent(),
            "." + recordingFile.getFileName(), ".jfc");
        Files.writeString(file, jfc.substring(0, end) + ours + jfc.substring(end));
        return file;
    }

    private static String event(Class<? extends Event> type, boolean enabled, boolean stackTrace) {
        return "  <event name=\"" + EventType.getEventType(type).getName() + "\">\n"
            + "    <setting name=\"enabled\">" + enabled + "</setting>\n"
            + "    <setting name=\"stackTrace\">" + stackTrace + "</setting>\n"
            + "    <setting name=\"threshold\">0 ms</setting>\n"
            + "  </event>\n";
    }
}
