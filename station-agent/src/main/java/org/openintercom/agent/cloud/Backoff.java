package org.openintercom.agent.cloud;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th wait is uniformly random in [min, min(max, min * 2^n)], so a
 * thousand stations that lost the cloud together do not come back in one burst.
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.random = random;
    }

    /** The next wait; each call widens the window until it reaches the maximum. */
    public synchronized Duration next() {
        long ceiling = attempt >= 30 ? maxMillis : Math.min(maxMillis, minMillis << attempt);
        attempt++;
        return Duration.ofMillis(ceiling == minMillis ? minMillis : random.nextLong(minMillis, ceiling + 1));
    }

    /** After a success: the next wait starts small again. */
    public synchronized void reset() {
        attempt = 0;
    }
}
