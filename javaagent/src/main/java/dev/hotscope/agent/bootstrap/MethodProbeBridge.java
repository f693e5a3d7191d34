package dev.hotscope.agent.bootstrap;

/**
 * The static entry points that probed methods call: {@code enter} at the start, {@code exit} on
 * return or throw. With no handler installed each is a volatile read and a branch.
 */
public final class MethodProbeBridge {
    private static volatile MethodProbeHandler handler;

    private MethodProbeBridge() {}

    /**
     * Called on entry of a probed method.
     *
     * @param id the method's probe id
     * @return the value to hand to {@link #exit(int, long)}; 0 when no handler is installed
     */
    public static long enter(int id) {
        MethodProbeHandler h = handler;
        return h == null ? 0L : h.enter(id);
    }

    /**
     * Called when a probed method returns or throws.
     *
     * @param id the method's probe id
     * @param start what {@link #enter(int)} returned for this call
     */
    public static void exit(int id, long start) {
        MethodProbeHandler h = handler;
        if (h != null) {
            h.exit(id, start);
        }
    }

    /**
     * Installs the handler, unless another one is installed.
     *
     * @param newHandler the handler; not null
     * @return true if installed, false if another handler is in place
     * @throws NullPointerException if the handler is null
     */
    public static synchronized boolean install(MethodProbeHandler newHandler) {
        if (newHandler == null) {
            throw new NullPointerException("handler");
        }
        if (handler != null) {
            return false;
        }
        handler = newHandler;
        return true;
    }

    /**
     * Removes the handler if it is the installed one; calls already inside it finish normally.
     *
     * @param oldHandler the handler to remove; null does nothing
     * @return true if it was installed and is now removed
     */
    public static synchronized boolean uninstall(MethodProbeHandler oldHandler) {
        if (oldHandler == null || handler != oldHandler) {
            return false;
        }
        handler = null;
        return true;
    }

    /**
     * Whether a handler is installed.
     *
     * @return true while some agent handles probed calls
     */
    public static boolean isInstalled() {
        return handler != null;
    }
}
