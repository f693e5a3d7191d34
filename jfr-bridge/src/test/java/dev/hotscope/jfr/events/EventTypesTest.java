package dev.hotscope.jfr.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTypesTest {
    private static final List<Class<? extends Event>> TYPES = List.of(
        SyscallLatencyEvent.class, LockWaitEvent.class, OffCpuEvent.class, RunQueueLatencyEvent.class,
        GcPauseEvent.class, SafepointEvent.class, MethodSpanEvent.class, LostEventsEvent.class,
        AgentStatusEvent.class, LatencyHistogramEvent.class, OffCpuStackEvent.class);

    @Test
    void everyTypeIsEitherWrittenByTheAgentOrLeftInProcessNotBoth() {
        assertThat(HotscopeEvents.WRITTEN_BY_AGENT).doesNotContainAnyElementsOf(HotscopeEvents.IN_PROCESS);
        java.util.List<Class<? extends Event>> both = new java.util.ArrayList<>(HotscopeEvents.WRITTEN_BY_AGENT);
        both.addAll(HotscopeEvents.IN_PROCESS);
        assertThat(both).containsExactlyInAnyOrderElementsOf(TYPES);
        assertThat(HotscopeEvents.names(HotscopeEvents.IN_PROCESS))
            .containsExactlyInAnyOrder("hotscope.MethodSpan", "hotscope.OffCpuStack");
    }

    @Test
    void everyTypeIsNamespacedLabelledAndInTheHotscopeCategory() {
        for (Class<? extends Event> type : TYPES) {
            EventType eventType = EventType.getEventType(type);
            assertThat(eventType.getName()).as(type.getName()).startsWith("hotscope.");
            assertThat(eventType.getLabel()).as(type.getName()).isNotBlank();
            assertThat(eventType.getDescription()).as(type.getName()).isNotBlank();
            assertThat(eventType.getCategoryNames()).as(type.getName()).hasSize(2).first().isEqualTo("hotscope");
        }
    }

    @Test
    void everyFieldHasLabelDescriptionAndTimeFieldsAUnit() {
        for (Class<? extends Event> type : TYPES) {
            for (ValueDescriptor field : EventType.getEventType(type).getFields()) {
                String where = type.getSimpleName() + "." + field.getName();
                assertThat(field.getLabel()).as(where).isNotBlank();
                if (isOwn(field)) {
                    assertThat(field.getDescription()).as(where).isNotBlank();
                }
                if (field.getName().matches("latency|wait|offCpu|runQueueDelay|pause|gcCpuTime|gcRunQueueTime"
                    + "|timeToSafepoint|total|span|p50|p99")) {
                    assertThat(field.getAnnotation(Timespan.class)).as(where).isNotNull();
                }
                if (field.getName().equals("began")) {
                    assertThat(field.getAnnotation(Timestamp.class)).as(where).isNotNull();
                }
            }
        }
    }

    @Test
    void committedEventsComeBackWithTheirValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(LockWaitEvent.class);
            recording.start();
            LockWaitEvent event = new LockWaitEvent();
            event.javaThread = Thread.currentThread();
            event.osThreadId = 4242;
            event.kind = "futex";
            event.wait = 123_000_000;
            event.wakerName = "holder";
            event.commit();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).hasSize(1);
        RecordedEvent read = events.get(0);
        assertThat(read.getEventType().getName()).isEqualTo("hotscope.LockWait");
        assertThat(read.getLong("osThreadId")).isEqualTo(4242);
        assertThat(read.getDuration("wait").toMillis()).isEqualTo(123);
        assertThat(read.getThread("javaThread").getJavaName()).isEqualTo(Thread.currentThread().getName());
        assertThat(read.getString("wakerName")).isEqualTo("holder");
        assertThat(Files.size(file)).isPositive();
    }

    /** The fields JFR adds itself (startTime, duration, eventThread, stackTrace) carry JFR's texts. */
    private static boolean isOwn(ValueDescriptor field) {
        return !List.of("startTime", "duration", "eventThread", "stackTrace").contains(field.getName());
    }
}
