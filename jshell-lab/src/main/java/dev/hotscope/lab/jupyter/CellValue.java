package dev.hotscope.lab.jupyter;

/**
 * Hands the value of a cell's last snippet from JShell to the kernel: JShell reports values as
 * strings, but a {@link dev.hotscope.lab.Rich} result is shown as HTML, which needs the object.
 * Snippets run in the kernel's JVM and load this class from the same class loader as the kernel,
 * so a hidden snippet {@code CellValue.hold($3)} passes the object across. For the kernel's use only.
 */
public final class CellValue {
    private static Object held;

    private CellValue() {
    }

    /**
     * Keeps {@code value} for the kernel; the next {@link #take()} returns it.
     *
     * @param value any value; may be null
     */
    public static synchronized void hold(Object value) {
        held = value;
    }

    /** Returns the value held and forgets it. */
    static synchronized Object take() {
        Object value = held;
        held = null;
        return value;
    }
}
