package dev.hotscope.lab.bpftrace;

import java.util.ArrayList;
import java.util.List;

/** TODO(bpftrace): temporary text of a parsed histogram until dev.hotscope.lab.Histogram lands. */
final class HistogramText {
    private HistogramText() {}

    static List<String> lines(HistogramData hist) {
        List<String> lines = new ArrayList<>();
        for (HistogramData.Bucket b : hist.buckets()) {
            String low = b.low() == Long.MIN_VALUE ? "(..." : "[" + b.low();
            String high = b.high() == Long.MAX_VALUE ? "...)" : b.high() + ")";
            lines.add(String.format("%-20s %8d", low + ", " + high, b.count()));
        }
        return lines;
    }
}
