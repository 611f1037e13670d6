package org.openintercom.simulator.bench;

import java.util.Arrays;

/**
 * One-way packet latencies in 10 µs buckets up to 1 s (later ones share the last bucket): cheap enough to record
 * every packet of a load step; percentiles are the bucket's middle (nearest rank). Not thread-safe: one per
 * receiving thread, {@linkplain #add merged} at the end.
 */
final class LatencyHistogram {

    static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 100_000;

    private final long[] counts = new long[BUCKETS + 1];
    private long total;
    private long maxNanos;

    /** Records one latency of {@code nanos} (negative values count as 0). */
    void record(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        counts[(int) Math.min(BUCKETS, micros / BUCKET_MICROS)]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    /** Adds {@code other}'s counts to this one. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    long count() {
        return total;
    }

    /** The nearest-rank percentile {@code p} (0..100) in µs, NaN without values. */
    double percentileMicros(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long wanted = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted) {
                return i * BUCKET_MICROS + BUCKET_MICROS / 2.0;
            }
        }
        throw new IllegalStateException("unreachable: " + seen + " of " + total + " counted");
    }

    double maxMicros() {
        return maxNanos / 1000.0;
    }

    /** How many latencies were at least {@code micros} (to the bucket: a bucket counts when it starts there). */
    long countAtLeast(long micros) {
        int from = (int) Math.min(BUCKETS, (micros + BUCKET_MICROS - 1) / BUCKET_MICROS);
        return Arrays.stream(counts, from, counts.length).sum();
    }
}
