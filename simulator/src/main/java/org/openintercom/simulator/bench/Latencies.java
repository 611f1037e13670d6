package org.openintercom.simulator.bench;

import java.util.Arrays;
import java.util.Locale;

/** Thread-safe collection of latencies in milliseconds with nearest-rank percentiles. */
final class Latencies {

    private double[] values = new double[64];
    private int count;

    /** Records one latency measured from {@code startNanos} until now. */
    void recordSince(long startNanos) {
        record((System.nanoTime() - startNanos) / 1e6);
    }

    /** Records one latency of {@code millis} ms. */
    synchronized void record(double millis) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = millis;
    }

    synchronized int count() {
        return count;
    }

    /** The nearest-rank percentile {@code p} (0..100) in ms, or NaN without values. */
    synchronized double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    /** "p50 12.3 ms, p99 45.6 ms, max 78.9 ms". */
    String summary() {
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", percentile(50), percentile(99),
                percentile(100));
    }
}
