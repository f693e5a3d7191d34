package dev.hotscope.bpf.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Receives libbpf's print output, so that it never reaches the application's stderr and its
 * warnings can be put into exception messages.
 *
 * <p>The callback gets a {@code va_list}, not varargs, so formatting it with libc's
 * {@code vsnprintf} is exact. Messages go to the calling thread's {@link Capture} if one is open
 * (libbpf prints on the thread that called it); other messages are dropped, unless the system
 * property {@code hotscope.bpf.libbpfLog} is {@code true}, which echoes them to stderr. If the
 * callback cannot be installed, printing is switched off (NULL) instead.
 */
public final class LibbpfLog {
    private LibbpfLog() {}

    private static final int WARN = 0;
    private static final int DEBUG = 2;
    private static final int MESSAGE_BYTES = 4096;
    private static final ThreadLocal<Capture> CURRENT = new ThreadLocal<>();
    /** Strongly held: libbpf keeps the function pointer for the life of the process. */
    private static final Libbpf.PrintFn CALLBACK = LibbpfLog::print;

    private static volatile boolean installed;

    static void install(Libbpf libbpf) {
        try {
            libbpf.libbpf_set_print(CALLBACK);
            installed = true;
        } catch (RuntimeException | LinkageError e) {
            libbpf.libbpf_set_print(null);
        }
    }

    /** Whether libbpf's messages are captured (else they are switched off). */
    public static boolean isInstalled() {
        return installed;
    }

    /**
     * Starts capturing this thread's libbpf messages until the capture is closed; captures nest.
     *
     * @return the capture
     */
    public static Capture capture() {
        Capture capture = new Capture(CURRENT.get());
        CURRENT.set(capture);
        return capture;
    }

    private static int print(int level, long format, long vaList) {
        try {
            Capture capture = CURRENT.get();
            boolean echo = Boolean.getBoolean("hotscope.bpf.libbpfLog");
            if (capture == null && !echo || level >= DEBUG && !echo) {
                return 0;
            }
            String message = format(format, vaList);
            if (capture != null) {
                capture.add(level, message);
            }
            if (echo) {
                System.err.print(message.endsWith("\n") ? message : message + "\n");
            }
        } catch (Throwable t) {
            // Never let an exception unwind into libbpf's C frames.
        }
        return 0;
    }

    private static String format(long format, long vaList) {
        if (format == 0) {
            return "";
        }
        Sys sys = Native.sys();
        long buffer = Native.memory().allocateMemory(MESSAGE_BYTES, false);
        if (buffer == 0) {
            return Native.string(format);
        }
        try {
            Native.memory().putByte(buffer, (byte) 0);
            if (vaList == 0 || sys.vsnprintf(buffer, MESSAGE_BYTES, format, vaList) < 0) {
                return Native.string(format);
            }
            return Native.string(buffer, MESSAGE_BYTES);
        } finally {
            Native.memory().freeMemory(buffer);
        }
    }

    /** The libbpf messages of one thread over a span of code. */
    public static final class Capture implements AutoCloseable {
        private final Capture outer;
        private final StringBuilder text = new StringBuilder();
        private final List<String> warnings = new ArrayList<>();
        private boolean closed;

        private Capture(Capture outer) {
            this.outer = outer;
        }

        private void add(int level, String message) {
            text.append(message);
            if (level == WARN) {
                for (String line : message.split("\n")) {
                    if (!line.isBlank()) {
                        warnings.add(line.strip());
                    }
                }
            }
            if (outer != null) {
                outer.add(level, message);
            }
        }

        /** Everything captured so far. */
        public String text() {
            return text.toString();
        }

        /** The warning lines captured so far, trimmed; unmodifiable. */
        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        /**
         * The last {@code max} warning lines, joined by "; ", for an exception message; "" if none.
         */
        public String lastWarnings(int max) {
            List<String> all = warnings;
            return String.join("; ", all.subList(Math.max(0, all.size() - max), all.size()));
        }

        /** Stops capturing; the outer capture, if any, becomes current again. Idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (CURRENT.get() == this) {
                    if (outer == null) {
                        CURRENT.remove();
                    } else {
                        CURRENT.set(outer);
                    }
                }
            }
        }
    }
}
