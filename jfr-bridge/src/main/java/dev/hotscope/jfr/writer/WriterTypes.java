package dev.hotscope.jfr.writer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.AnnotationElement;
import jdk.jfr.ValueDescriptor;
import org.openjdk.jmc.flightrecorder.writer.api.AnnotatedElementBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypedFieldBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.TypedValueBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

/**
 * The types of one written chunk: the JDK's thread and stack-trace types, declared here as the JDK
 * declares them (the writer's own thread type has no {@code javaThreadId}), and the annotation types
 * that carry labels, descriptions and units, copied from {@code jdk.jfr}'s metadata.
 */
final class WriterTypes {
    /** Annotations that are recording settings, not metadata: the JDK does not write them either. */
    private static final Set<String> SETTINGS = Set.of("jdk.jfr.Enabled", "jdk.jfr.StackTrace",
        "jdk.jfr.Threshold", "jdk.jfr.Period", "jdk.jfr.Registered", "jdk.jfr.Name", "jdk.jfr.Cutoff",
        "jdk.jfr.Throttle", "jdk.jfr.MetadataDefinition");

    final Recording recording;
    final Type label;
    final Type description;
    final Type timestamp;
    final Type timespan;
    final Type thread;
    final Type symbol;
    final Type javaClass;
    final Type javaPackage;
    final Type method;
    final Type frameType;
    final Type stackFrame;
    final Type stackTrace;
    private final Map<String, Type> annotations = new HashMap<>();

    WriterTypes(Recording recording) {
        this.recording = recording;
        Type contentType = recording.registerAnnotationType("jdk.jfr.ContentType");
        annotations.put("jdk.jfr.ContentType", contentType);
        label = stringAnnotation("jdk.jfr.Label", null, null);
        description = stringAnnotation("jdk.jfr.Description", null, null);
        timestamp = stringAnnotation("jdk.jfr.Timestamp", contentType, "Timestamp");
        timespan = stringAnnotation("jdk.jfr.Timespan", contentType, "Timespan");
        Type threadGroup = recording.registerType("jdk.types.ThreadGroup", b -> b
            .addField("parent", b.selfType()).addField("name", Types.Builtin.STRING));
        thread = recording.registerType("java.lang.Thread", b -> b
            .addField("osName", Types.Builtin.STRING, f -> labeled(f, "OS Thread Name"))
            .addField("osThreadId", Types.Builtin.LONG, f -> labeled(f, "OS Thread Id"))
            .addField("javaName", Types.Builtin.STRING, f -> labeled(f, "Java Thread Name"))
            .addField("javaThreadId", Types.Builtin.LONG, f -> labeled(f, "Java Thread Id"))
            .addField("group", threadGroup, f -> labeled(f, "Java Thread Group")));
        symbol = recording.registerType("jdk.types.Symbol", b -> b.addField("string", Types.Builtin.STRING));
        Type module = recording.registerType("jdk.types.Module", b -> b
            .addField("name", symbol).addField("version", symbol).addField("location", symbol));
        javaPackage = recording.registerType("jdk.types.Package", b -> b
            .addField("name", symbol).addField("module", module).addField("exported", Types.Builtin.BOOLEAN));
        javaClass = recording.registerType("java.lang.Class", b -> b
            .addField("name", symbol).addField("package", javaPackage)
            .addField("modifiers", Types.Builtin.INT).addField("hidden", Types.Builtin.BOOLEAN));
        method = recording.registerType("jdk.types.Method", b -> b
            .addField("type", javaClass).addField("name", symbol).addField("descriptor", symbol)
            .addField("modifiers", Types.Builtin.INT).addField("hidden", Types.Builtin.BOOLEAN));
        frameType = recording.registerType("jdk.types.FrameType", b -> b.addField("description", Types.Builtin.STRING));
        // Frames are stored inline in their stack trace, as the JDK stores them: its parser reads an
        // array of constant-pool references to frames as one frame.
        stackFrame = recording.getTypes().getOrAdd("jdk.types.StackFrame", null, false, b -> b
            .addField("method", method).addField("lineNumber", Types.Builtin.INT)
            .addField("bytecodeIndex", Types.Builtin.INT).addField("type", frameType));
        stackTrace = recording.registerType("jdk.types.StackTrace", b -> b
            .addField("truncated", Types.Builtin.BOOLEAN).addField("frames", stackFrame, TypedFieldBuilder::asArray));
    }

    /** The writer type of a field of a {@code jdk.jfr} event, or null for a type it cannot write. */
    Type ofField(ValueDescriptor field) {
        if (field.isArray()) {
            return null;
        }
        switch (field.getTypeName()) {
            case "java.lang.Thread": return thread;
            case "java.lang.Class": return javaClass;
            default:
                Types.Builtin builtin = Types.Builtin.ofName(field.getTypeName());
                return builtin == null ? null : recording.getTypes().getType(builtin);
        }
    }

    /** Adds the element's {@code jdk.jfr} annotations (labels, units, categories) to a type or field. */
    <T extends AnnotatedElementBuilder<?>> void annotate(T target, List<AnnotationElement> elements) {
        for (AnnotationElement a : elements) {
            if (!SETTINGS.contains(a.getTypeName()) && a.getTypeName().startsWith("jdk.jfr.")) {
                addAnnotation(target, a);
            }
        }
    }

    private <T extends AnnotatedElementBuilder<?>> void addAnnotation(T target, AnnotationElement a) {
        Type type = annotationType(a);
        List<ValueDescriptor> values = a.getValueDescriptors();
        if (values.isEmpty()) {
            target.addAnnotation(type);
            return;
        }
        target.addAnnotation(type, b -> putValues(b, a, values));
    }

    private static void putValues(TypedValueBuilder b, AnnotationElement a, List<ValueDescriptor> values) {
        for (ValueDescriptor v : values) {
            Object value = a.getValue(v.getName());
            if (value instanceof String[]) {
                b.putField(v.getName(), (String[]) value);
            } else if (value instanceof Long) {
                b.putField(v.getName(), (long) (Long) value);
            } else if (value instanceof Boolean) {
                b.putField(v.getName(), (boolean) (Boolean) value);
            } else if (value != null) {
                b.putField(v.getName(), value.toString());
            }
        }
    }

    /** Declares an annotation type the first time it is seen, with its own meta-annotations (ContentType, Label). */
    private Type annotationType(AnnotationElement a) {
        Type known = annotations.get(a.getTypeName());
        if (known != null) {
            return known;
        }
        Type type = recording.registerAnnotationType(a.getTypeName(), b -> {
            for (ValueDescriptor v : a.getValueDescriptors()) {
                Types.Builtin builtin = Types.Builtin.ofName(v.getTypeName());
                if (builtin != null) {
                    b.addField(v.getName(), builtin, v.isArray() ? TypedFieldBuilder::asArray : f -> { });
                }
            }
            annotate(b, a.getAnnotationElements());
        });
        annotations.put(a.getTypeName(), type);
        return type;
    }

    private Type stringAnnotation(String name, Type contentType, String labelText) {
        Type type = recording.registerAnnotationType(name, b -> {
            b.addField("value", Types.Builtin.STRING);
            if (contentType != null) {
                b.addAnnotation(contentType);
            }
            if (labelText != null) {
                b.addAnnotation(annotations.get("jdk.jfr.Label"), labelText);
            }
        });
        annotations.put(name, type);
        return type;
    }

    TypedFieldBuilder labeled(TypedFieldBuilder field, String text) {
        return field.addAnnotation(label, text);
    }
}
