package dev.hotscope.jfr.writer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypeStructure;
import org.openjdk.jmc.flightrecorder.writer.api.TypeStructureBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

/**
 * One event class as written: the JDK's implicit fields (start, duration, thread, stack) first, then
 * the class's own fields with the labels, descriptions and units {@code jdk.jfr} gives them.
 */
final class EventLayout {
    private static final Set<String> IMPLICIT = Set.of("startTime", "duration", "eventThread", "stackTrace");

    final Type type;
    final List<FieldAccess> fields;

    private EventLayout(Type type, List<FieldAccess> fields) {
        this.type = type;
        this.fields = fields;
    }

    static EventLayout of(Class<? extends Event> eventClass, WriterTypes types) {
        EventType meta = EventType.getEventType(eventClass);
        List<FieldAccess> fields = new ArrayList<>();
        for (ValueDescriptor d : meta.getFields()) {
            Type fieldType = types.ofField(d);
            Field field = IMPLICIT.contains(d.getName()) ? null : findField(eventClass, d.getName());
            if (fieldType != null && field != null) {
                fields.add(new FieldAccess(d, fieldType, field));
            }
        }
        TypeStructureBuilder b = types.recording.getTypes().typeStructureBuilder();
        b.addField("startTime", Types.Builtin.LONG, f -> types.labeled(f, "Start Time")
            .addAnnotation(types.timestamp, "TICKS"));
        b.addField("duration", Types.Builtin.LONG, f -> types.labeled(f, "Duration")
            .addAnnotation(types.timespan, "TICKS"));
        b.addField("eventThread", types.thread, f -> types.labeled(f, "Event Thread")
            .addAnnotation(types.description, "The thread the event is about (written by hotscope;"
                + " in-process commits carry the agent's thread instead)"));
        b.addField("stackTrace", types.stackTrace, f -> types.labeled(f, "Stack Trace")
            .addAnnotation(types.description, "The stack of the thread the event is about, innermost"
                + " frame first; native and kernel frames after the Java ones, by frame type"));
        for (FieldAccess f : fields) {
            b.addField(f.descriptor.getName(), f.type, fb -> types.annotate(fb, f.descriptor.getAnnotationElements()));
        }
        types.annotate(b, meta.getAnnotationElements());
        // Built first: building declares annotation types, which must not take the id meant for the event.
        TypeStructure structure = b.build();
        Type type = TypeIds.withId(types.recording, meta.getId(),
            () -> types.recording.getTypes().getOrAdd(meta.getName(), "jdk.jfr.Event", structure));
        return new EventLayout(type, List.copyOf(fields));
    }

    private static Field findField(Class<?> c, String name) {
        for (Class<?> k = c; k != null && k != Event.class; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return null;
    }

    /** A field of the event class, read by reflection when an event is written. */
    record FieldAccess(ValueDescriptor descriptor, Type type, Field field) {}
}
