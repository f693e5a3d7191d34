package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.BpfException;
import java.util.List;
import java.util.Objects;

/**
 * A probe's name (tracepoint, USDT probe, symbol, library or tracepoint field) does not exist.
 * The one-line message names the nearest names that do and where to list them all, e.g.
 * {@code no tracepoint sched:sched_swtich; nearest: sched:sched_switch, sched:sched_wakeup; list
 * them with /sys/kernel/tracing/available_events}.
 */
public class UnknownProbeException extends BpfException {
    private static final long serialVersionUID = 1L;
    private static final int ENOENT = 2;

    private final List<String> suggestions;

    /**
     * @param what what is missing, e.g. {@code no tracepoint sched:sched_swtich}; not null
     * @param suggestions the nearest existing names, best first; not null
     * @param hint where to list every name, e.g. {@code list them with ...}; not null, may be empty
     */
    public UnknownProbeException(String what, List<String> suggestions, String hint) {
        super(message(what, suggestions, hint), ENOENT, null);
        this.suggestions = List.copyOf(suggestions);
    }

    private static String message(String what, List<String> suggestions, String hint) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(hint, "hint");
        return what + (suggestions.isEmpty() ? "; nothing similar" : "; nearest: " + String.join(", ", suggestions))
            + (hint.isEmpty() ? "" : "; " + hint);
    }

    /** The nearest existing names, best first; unmodifiable, possibly empty. */
    public List<String> suggestions() {
        return suggestions;
    }
}
