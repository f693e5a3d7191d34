package dev.hotscope.jfr.report;

/**
 * The thread an event is about: the kernel's id and the name. Two threads may share a name, so the id
 * is part of the identity; 0 when unknown.
 */
record ThreadRef(long osThreadId, String name) {
    static final ThreadRef OTHERS = new ThreadRef(-1, "(other threads)");

    /** "name (tid)", unique per thread, as lanes and tables show it. */
    String label() {
        return osThreadId > 0 ? name + " (" + osThreadId + ")" : name;
    }
}
