package org.openintercom.hal.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns raw level edges into debounced levels: a new level counts once it has been stable for the debounce
 * time. The callback runs on the timer thread with the new debounced level.
 */
public final class Debouncer {

    private final Duration debounce;
    private final ScheduledExecutorService timers;
    private final Consumer<Boolean> onStableChange;
    private boolean raw;
    private boolean stable;
    private ScheduledFuture<?> pending;
    private long generation;
    private boolean cancelled;

    public Debouncer(boolean initial, Duration debounce, ScheduledExecutorService timers,
            Consumer<Boolean> onStableChange) {
        this.raw = initial;
        this.stable = initial;
        this.debounce = debounce;
        this.timers = timers;
        this.onStableChange = onStableChange;
    }

    /** Reports a raw level (edges and repeats are both fine); restarts the stability timer on a change. */
    public synchronized void raw(boolean level) {
        if (cancelled || level == raw) {
            return;
        }
        raw = level;
        generation++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (raw == stable) {
            return;
        }
        long mine = generation;
        pending = timers.schedule(() -> settle(mine), debounce.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The current debounced level. */
    public synchronized boolean stable() {
        return stable;
    }

    /** Stops for good: pending and later edges are ignored (the device is closing). */
    public synchronized void cancel() {
        cancelled = true;
        generation++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void settle(long scheduledAt) {
        boolean changed;
        boolean level;
        synchronized (this) {
            if (scheduledAt != generation) {
                return; // a newer edge (or cancel) came while this timer was already running
            }
            pending = null;
            changed = raw != stable;
            stable = raw;
            level = stable;
        }
        if (changed) {
            onStableChange.accept(level);
        }
    }
}
