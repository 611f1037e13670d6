package org.openintercom.simulator.bench;

import java.util.List;

/**
 * Whether heap samples taken after a full GC along a long run are flat: the last sample is within a fraction or
 * a fixed slack of the first one (taken after the first tenth of the calls, once caches and the JIT are warm).
 *
 * @param baselineBytes the first sample
 * @param lastBytes the last sample
 * @param flat whether the last is within the allowance of the first
 */
record LeakVerdict(long baselineBytes, long lastBytes, boolean flat) {

    /** Judges {@code samples} (bytes, in order): flat if last <= first * (1 + fraction) or last - first <= slack. */
    static LeakVerdict judge(List<Long> samples, double fraction, long slackBytes) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("need at least two heap samples, got " + samples.size());
        }
        long first = samples.get(0);
        long last = samples.get(samples.size() - 1);
        boolean flat = last <= first * (1 + fraction) || last - first <= slackBytes;
        return new LeakVerdict(first, last, flat);
    }

    long growthBytes() {
        return lastBytes - baselineBytes;
    }

    String word() {
        return flat ? "flat" : "GROWING";
    }
}
