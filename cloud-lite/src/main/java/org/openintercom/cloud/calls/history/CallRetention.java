package org.openintercom.cloud.calls.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes calls (with their rung targets) and caller snapshots older than the retention period, in batches of
 * their own transactions so a large table is never locked for long; also closes calls left open for more than a
 * day (an end event that was lost). Runs periodically on its own thread once {@link #start}ed.
 */
public final class CallRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallRetention.class);
    /** How long calls and snapshots are kept unless configured otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(180);
    /** How often the job runs unless told otherwise. */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);
    /** Rows deleted per transaction. */
    public static final int DEFAULT_BATCH = 500;
    /** Calls still open this long after they started are closed with end cause UNKNOWN. */
    public static final Duration STALE_AFTER = Duration.ofDays(1);

    /** What one run did. */
    public record Sweep(int callsDeleted, int snapshotsDeleted, int callsClosed) {
    }

    private final CallHistoryStore store;
    private final SnapshotStore snapshots;
    private final Duration retention;
    private final int batch;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public CallRetention(CallHistoryStore store, SnapshotStore snapshots, Duration retention, int batch, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("call retention must be positive, was " + retention);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("retention batch must be at least 1, was " + batch);
        }
        this.retention = retention;
        this.batch = batch;
    }

    /** The retention period. */
    public Duration retention() {
        return retention;
    }

    /** Deletes everything older than the retention period (batch by batch) and closes stale open calls. */
    public Sweep runOnce() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        int closed = store.closeUnfinished(now.minus(STALE_AFTER), now);
        int calls = 0;
        for (int n; (n = store.deleteStartedBefore(cutoff, batch)) > 0;) {
            calls += n;
            if (n < batch) {
                break;
            }
        }
        int files = 0;
        for (int n; (n = snapshots.deleteUploadedBefore(cutoff, batch)) > 0;) {
            files += n;
            if (n < batch) {
                break;
            }
        }
        if (calls + files + closed > 0) {
            LOG.debug("call retention: deleted {} calls and {} snapshots before {}, closed {} stale calls", calls,
                    files, cutoff, closed);
        }
        return new Sweep(calls, files, closed);
    }

    /** Runs the job now and then every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized CallRetention start(Duration period) {
        if (scheduler != null) {
            throw new IllegalStateException("call retention is already running");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("call-retention").daemon(true).unstarted(r));
        scheduler.scheduleWithFixedDelay(this::runSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Call history kept for {} days, retention job every {}", retention.toDays(), period);
        return this;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("call retention failed (will try again): {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
