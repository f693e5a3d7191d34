package dev.hotscope.lab.bpftrace;

/**
 * The value of a bpftrace {@code stats()} map: how many values, their average and their total.
 *
 * @param count how many values were seen
 * @param average their average, rounded down as bpftrace does
 * @param total their sum
 */
public record Stats(long count, long average, long total) {
    /** Returns the bpftrace-style text, e.g. {@code count 3, average 5, total 15}. */
    @Override
    public String toString() {
        return "count " + count + ", average " + average + ", total " + total;
    }
}
