package dev.hotscope.lab.workload;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The workloads there are, by the name the user gives. */
enum Kind {
    GC_AND_IO("gc-and-io", false),
    LOCK_CONTENTION("lock-contention", false),
    HTTP_SERVICE("http-service", true);

    private final String label;
    private final boolean listens;

    Kind(String label, boolean listens) {
        this.label = label;
        this.listens = listens;
    }

    /**
     * Finds a kind by its name.
     *
     * @throws IllegalArgumentException naming the kinds there are, if there is none of that name
     */
    static Kind of(String label) {
        for (Kind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no workload \"" + label + "\"; use one of " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(k -> k.label).collect(Collectors.joining(", "));
    }

    String label() {
        return label;
    }

    /** Whether the workload listens on a TCP port. */
    boolean listens() {
        return listens;
    }
}
