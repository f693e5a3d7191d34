package dev.hotscope.javaagent.internal.methods;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Probe ids of the probed methods, 1, 2, 3... in the order their classes were instrumented; one id
 * per method name, so the same class loaded twice shares ids. Registration happens while classes
 * are transformed; {@link #name(int)} is read on every probed call.
 */
final class MethodRegistry {
    /** Beyond this many methods new matches are not probed (and counted): ids stay small. */
    static final int MAX_METHODS = 65_535;

    private final Map<String, Integer> ids = new HashMap<>(); // guarded by this
    /** Index = id; slot 0 unused. Republished after every write so that readers see the slot. */
    private volatile String[] names = new String[64];
    private int count; // guarded by this
    private int refused; // guarded by this

    /**
     * The id of a method, assigned on first sight.
     *
     * @return the id, or -1 when {@link #MAX_METHODS} are already registered
     */
    synchronized int register(String name) {
        Integer known = ids.get(name);
        if (known != null) {
            return known;
        }
        if (count == MAX_METHODS) {
            refused++;
            return -1;
        }
        int id = ++count;
        String[] current = names;
        if (id >= current.length) {
            current = Arrays.copyOf(current, Math.min(current.length * 2, MAX_METHODS + 1));
        }
        current[id] = name;
        names = current;
        ids.put(name, id);
        return id;
    }

    /** The id of a registered method, or -1. */
    synchronized int idOf(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /** The name of an id; null if unknown. */
    String name(int id) {
        String[] current = names;
        return id > 0 && id < current.length ? current[id] : null;
    }

    /** How many methods have an id. */
    synchronized int size() {
        return count;
    }

    /** How many matching methods were not probed because {@link #MAX_METHODS} was reached. */
    synchronized int refused() {
        return refused;
    }
}
