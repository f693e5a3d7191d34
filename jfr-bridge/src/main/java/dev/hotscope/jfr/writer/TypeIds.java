package dev.hotscope.jfr.writer;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;

/**
 * Chooses the type ids of a JMC-written chunk. Each chunk declares its own ids, but the JDK's
 * {@code jfr summary} counts events by id across all chunks of a file, naming them after the first
 * chunk: our chunk's ids, which the writer starts at 1, would be counted as JDK events. So our types
 * get ids above the JDK's, except our event types, which get the id the JDK gives the same event
 * class, so that both chunks' events of a type are counted as one. The writer has no setting for it:
 * its counter is moved by reflection; if that fails (a writer version without these fields), the
 * chunk is still valid and only that tool miscounts.
 */
final class TypeIds {
    private TypeIds() {
    }

    static void startAbove(Recording recording, long firstId) {
        AtomicLong counter = counter(recording);
        if (counter != null) {
            counter.set(Math.max(counter.get(), firstId));
        }
    }

    /** Registers a type with the given id, then goes on numbering where it was. */
    static <T> T withId(Recording recording, long id, java.util.function.Supplier<T> register) {
        AtomicLong counter = counter(recording);
        if (counter == null) {
            return register.get();
        }
        long next = counter.getAndSet(id);
        try {
            return register.get();
        } finally {
            counter.set(next);
        }
    }

    private static AtomicLong counter(Recording recording) {
        try {
            Object metadata = field(recording.getClass(), "metadata").get(recording);
            return (AtomicLong) field(metadata.getClass(), "typeCounter").get(metadata);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
