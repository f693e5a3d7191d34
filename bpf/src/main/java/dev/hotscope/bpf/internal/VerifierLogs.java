package dev.hotscope.bpf.internal;

/** Trimming of verifier logs for exception messages. */
public final class VerifierLogs {
    private VerifierLogs() {}

    /** How many trailing lines of a verifier log go into a message. */
    public static final int TAIL_LINES = 40;

    /** The last {@link #TAIL_LINES} non-empty-at-end lines of a log. */
    public static String tail(String log) {
        String trimmed = log.stripTrailing();
        int end = trimmed.length();
        int start = end;
        for (int lines = 0; lines < TAIL_LINES && start > 0; lines++) {
            int newline = trimmed.lastIndexOf('\n', start - 1);
            start = newline < 0 ? 0 : newline;
        }
        return trimmed.substring(start == 0 ? 0 : start + 1, end);
    }
}
