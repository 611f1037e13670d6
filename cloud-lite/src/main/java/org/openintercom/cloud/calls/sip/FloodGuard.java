package org.openintercom.cloud.calls.sip;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per source address: {@code rate} requests per second sustained, twice that as a burst. A source
 * over its limit is answered 503 with Retry-After instead of being served, so one misbehaving phone or a scanner
 * cannot take the relay from everyone else. Buckets of quiet sources are dropped now and then.
 */
final class FloodGuard {

    private final double rate;
    private final double burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    FloodGuard(int rate, Clock clock) {
        this.rate = rate;
        this.burst = 2.0 * rate;
        this.clock = clock;
    }

    /** Whether one more request from {@code source} may be served now. */
    boolean allow(String source) {
        long now = clock.millis();
        sweep(now);
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.at) * rate / 1000.0);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** Seconds until a refused source has tokens again (for Retry-After). */
    int retryAfterSeconds() {
        return Math.max(1, (int) Math.ceil(burst / rate / 2));
    }

    private void sweep(long now) {
        if (now - lastSweep < 60_000) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return now - e.getValue().at > 60_000;
            }
        });
    }
}
