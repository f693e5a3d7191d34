package dev.hotscope.bench.overhead;

import java.util.Arrays;
import java.util.List;

/** The median of some values with their smallest and largest; NaN when there are none. */
record Spread(double median, double min, double max, int count) {

    /** The spread of the values, NaNs left out. */
    static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }

    /** Whether the values are all absent. */
    boolean isEmpty() {
        return count == 0;
    }

    @Override
    public String toString() {
        return "Spread" + Arrays.toString(new double[] {median, min, max});
    }
}
