package dev.hotscope.jfr.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jdk.jfr.Event;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Recordings;
import org.openjdk.jmc.flightrecorder.writer.api.TypedValue;
import org.openjdk.jmc.flightrecorder.writer.api.TypedValueBuilder;

/**
 * Writes {@link AttributedEvent}s as one JFR chunk: each event's {@code startTime} and
 * {@code duration} are its real interval, {@code eventThread} the thread it is about, and
 * {@code stackTrace} that thread's frames. Everything is held in memory until {@link #close()},
 * which writes the chunk; create it when the events are ready, since the writer runs a (non-daemon)
 * thread of its own while open. Not thread-safe.
 */
public final class AttributedRecordingWriter implements AutoCloseable {
    /** Frames past this many are cut and the trace marked truncated, as the JDK does past its stack depth. */
    public static final int MAX_FRAMES = 256;
    /** Above the JDK's own type ids (a few thousand), which tools that merge chunks by id confuse with ours. */
    private static final long FIRST_TYPE_ID = 1L << 20;
    /**
     * Written for a function or a method whose descriptor is not known: JMC shows a method with no
     * descriptor as "null", and this one as {@code name()} (async-profiler writes the same).
     */
    private static final String UNKNOWN_DESCRIPTOR = "()L;";

    private final Recording recording;
    private final WriterTypes types;
    private final Function<Thread, ThreadIdentity> threadFields;
    private final UnaryOperator<StackFrame> completeFrame;
    private final Map<Class<? extends Event>, EventLayout> layouts = new HashMap<>();
    private final Map<StackFrame, TypedValue> frames = new HashMap<>();
    private final Map<String, TypedValue> classes = new HashMap<>();
    private final Map<ThreadIdentity, TypedValue> threads = new HashMap<>();
    private final Map<List<StackFrame>, TypedValue> stacks = new HashMap<>();
    private long written;
    private boolean closed;

    /**
     * Starts a chunk whose clock is {@link System#nanoTime()}'s.
     *
     * @param out where the chunk goes at {@link #close()}; closed then; not null
     * @param threadFields the identity of a thread held by an event's {@code Thread} field other than
     *     the one it is about (e.g. a waker); not null
     * @throws NullPointerException if an argument is null
     */
    public AttributedRecordingWriter(OutputStream out, Function<Thread, ThreadIdentity> threadFields) {
        this(out, threadFields, UnaryOperator.identity(), System.nanoTime(), epochNanosNow());
    }

    /**
     * Starts a chunk whose clock is {@link System#nanoTime()}'s, completing frames as they are first
     * written (e.g. with the descriptors of in-process Java frames, which JFR tools need to show a method).
     *
     * @param out where the chunk goes at {@link #close()}; closed then; not null
     * @param threadFields the identity of a thread held by an event's {@code Thread} field other than
     *     the one it is about (e.g. a waker); not null
     * @param completeFrame returns the frame to write in place of the one given; not null
     * @param startNanoTime where the chunk's time range begins, on {@link System#nanoTime()}'s clock: at
     *     or before the first event's start, so that tools see the events inside the chunk's range
     * @param startEpochNanos the wall-clock time of {@code startNanoTime}, nanoseconds since the epoch:
     *     the mapping of every event's time; give the one the events' own timestamp fields were made with
     * @throws NullPointerException if an argument is null
     */
    public AttributedRecordingWriter(OutputStream out, Function<Thread, ThreadIdentity> threadFields,
            UnaryOperator<StackFrame> completeFrame, long startNanoTime, long startEpochNanos) {
        Objects.requireNonNull(out, "out");
        this.threadFields = Objects.requireNonNull(threadFields, "threadFields");
        this.completeFrame = Objects.requireNonNull(completeFrame, "completeFrame");
        this.recording = Recordings.newRecording(out, s -> s.withStartTicks(startNanoTime).withTimestamp(startEpochNanos));
        TypeIds.startAbove(recording, FIRST_TYPE_ID);
        this.types = new WriterTypes(recording);
    }

    /**
     * Writes one event.
     *
     * @param e the event; not null
     * @throws NullPointerException if e is null
     * @throws IllegalStateException if the writer is closed
     * @throws IllegalArgumentException if the event's class cannot be described to JFR
     */
    public void write(AttributedEvent e) {
        Objects.requireNonNull(e, "e");
        if (closed) {
            throw new IllegalStateException("the recording writer is closed");
        }
        EventLayout layout = layouts.computeIfAbsent(e.event().getClass(), c -> EventLayout.of(c, types));
        TypedValue value = layout.type.asValue(b -> {
            b.putField("startTime", e.startNanoTime());
            b.putField("duration", Math.max(0, e.durationNanos()));
            if (e.thread() != null) {
                b.putField("eventThread", thread(e.thread()));
            }
            if (!e.frames().isEmpty()) {
                b.putField("stackTrace", stack(e.frames()));
            }
            for (EventLayout.FieldAccess f : layout.fields) {
                putField(b, f, e.event());
            }
        });
        recording.writeEvent(value);
        written++;
    }

    /** {@code System.nanoTime()}'s now on the wall clock, nanoseconds since the epoch. */
    private static long epochNanosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** How many events were written. */
    public long written() {
        return written;
    }

    /**
     * Writes the chunk to the stream and closes it. Idempotent.
     *
     * @throws IOException if the stream fails
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            recording.close();
        }
    }

    private void putField(TypedValueBuilder b, EventLayout.FieldAccess f, Event event) {
        String name = f.descriptor().getName();
        Field field = f.field();
        try {
            switch (f.descriptor().getTypeName()) {
                case "long": b.putField(name, field.getLong(event)); break;
                case "int": b.putField(name, field.getInt(event)); break;
                case "short": b.putField(name, field.getShort(event)); break;
                case "byte": b.putField(name, field.getByte(event)); break;
                case "char": b.putField(name, field.getChar(event)); break;
                case "boolean": b.putField(name, field.getBoolean(event)); break;
                case "float": b.putField(name, field.getFloat(event)); break;
                case "double": b.putField(name, field.getDouble(event)); break;
                case "java.lang.String": b.putField(name, (String) field.get(event)); break;
                case "java.lang.Thread":
                    Thread t = (Thread) field.get(event);
                    if (t != null) {
                        b.putField(name, thread(threadFields.apply(t)));
                    }
                    break;
                case "java.lang.Class":
                    Class<?> c = (Class<?>) field.get(event);
                    if (c != null) {
                        b.putField(name, javaClass(c.getName(), false));
                    }
                    break;
                default:
                    break;
            }
        } catch (IllegalAccessException ex) {
            throw new IllegalArgumentException("cannot read field " + name + " of " + event.getClass().getName(), ex);
        }
    }

    private TypedValue thread(ThreadIdentity id) {
        return threads.computeIfAbsent(id, k -> types.thread.asValue(b -> {
            b.putField("osName", k.osName()).putField("osThreadId", k.osThreadId())
                .putField("javaThreadId", k.javaThreadId());
            if (k.javaName() != null) {
                b.putField("javaName", k.javaName());
            }
        }));
    }

    private TypedValue stack(List<StackFrame> list) {
        TypedValue known = stacks.get(list);
        if (known != null) {
            return known;
        }
        int n = Math.min(list.size(), MAX_FRAMES);
        TypedValue[] values = new TypedValue[n];
        for (int i = 0; i < n; i++) {
            values[i] = frame(list.get(i));
        }
        boolean truncated = list.size() > MAX_FRAMES;
        TypedValue stack = types.stackTrace.asValue(b -> b.putField("truncated", truncated).putField("frames", values));
        stacks.put(list, stack);
        return stack;
    }

    private TypedValue frame(StackFrame f) {
        return frames.computeIfAbsent(f, given -> frameValue(completeFrame.apply(given)));
    }

    private TypedValue frameValue(StackFrame k) {
        return types.stackFrame.asValue(b -> b
            .putField("method", method(k))
            .putField("lineNumber", k.line())
            .putField("bytecodeIndex", -1)
            .putField("type", types.frameType.asValue(t -> t.putField("description", k.type().description()))));
    }

    private TypedValue method(StackFrame f) {
        return types.method.asValue(b -> b
            .putField("type", javaClass(f.className(), f.isLibrary()))
            .putField("name", symbol(f.method()))
            .putField("descriptor", symbol(f.descriptor().isEmpty() ? UNKNOWN_DESCRIPTOR : f.descriptor()))
            .putField("modifiers", 0).putField("hidden", false));
    }

    /**
     * JFR names classes and packages the JVM's way ({@code java/lang/Thread}); a library stands as a
     * class of that name in no package.
     */
    private TypedValue javaClass(String name, boolean library) {
        return classes.computeIfAbsent((library ? "lib:" : "") + name, k -> {
            // A hidden class (a lambda) is named "a.B$$Lambda$7/0x..." by Class.getName(); the JVM
            // writes "a/B$$Lambda$7+0x..." in package a, and JMC expects the same.
            int hiddenSuffix = library ? -1 : name.indexOf("/0x");
            String binary = hiddenSuffix < 0 ? name : name.substring(0, hiddenSuffix) + "+" + name.substring(hiddenSuffix + 1);
            String internal = library ? name : binary.replace('.', '/');
            int slash = library ? -1 : internal.lastIndexOf('/');
            String pkg = slash < 0 ? "" : internal.substring(0, slash);
            return types.javaClass.asValue(b -> b.putField("name", symbol(internal))
                .putField("package", types.javaPackage.asValue(p -> p.putField("name", symbol(pkg))
                    .putField("exported", true)))
                .putField("modifiers", 0x1).putField("hidden", hiddenSuffix >= 0));
        });
    }

    private TypedValue symbol(String s) {
        return types.symbol.asValue(b -> b.putField("string", s));
    }
}
