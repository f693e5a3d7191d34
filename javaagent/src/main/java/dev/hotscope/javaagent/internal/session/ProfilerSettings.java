package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.HotscopeEvents;
import dev.hotscope.jfr.events.MethodSpanEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Event;
import jdk.jfr.EventType;

/**
 * The .jfc file async-profiler's jfrsync starts the JDK's recording with: JFR's "default" settings
 * and hotscope's in-process events on. The attributed ones are not named, as in the session's own
 * recording: naming them "off" would switch them off in the user's recordings too.
 */
final class ProfilerSettings {
    private ProfilerSettings() {
    }

    /** Writes the settings next to the recording, as a hidden file; the caller deletes it. */
    static Path write(Path recordingFile) throws IOException, ParseException {
        String jfc = SessionRecording.defaultConfiguration().getContents();
        int end = jfc.lastIndexOf("</configuration>");
        if (end < 0) {
            throw new ParseException("JFR's default.jfc has no </configuration>", 0);
        }
        StringBuilder ours = new StringBuilder();
        for (Class<? extends Event> type : HotscopeEvents.IN_PROCESS) {
            ours.append(enabled(type, type == MethodSpanEvent.class));
        }
        Path file = Files.createTempFile(recordingFile.toAbsolutePath().getParent(),
            "." + recordingFile.getFileName(), ".jfc");
        Files.writeString(file, jfc.substring(0, end) + ours + jfc.substring(end));
        return file;
    }

    private static String enabled(Class<? extends Event> type, boolean stackTrace) {
        return "  <event name=\"" + EventType.getEventType(type).getName() + "\">\n"
            + "    <setting name=\"enabled\">true</setting>\n"
            + "    <setting name=\"stackTrace\">" + stackTrace + "</setting>\n"
            + "    <setting name=\"threshold\">0 ms</setting>\n"
            + "  </event>\n";
    }
}
