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
        if (level == raw) {
            return;
        }
        raw = level;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (raw == stable) {
            return;
        }
        pending = timers.schedule(this::settle, debounce.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The current debounced level. */
    public synchronized boolean stable() {
        return stable;
    }

    public synchronized void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void settle() {
        boolean changed;
        synchronized (this) {
            pending = null;
            changed = raw != stable;
            stable = raw;
        }
        if (changed) {
            onStableChange.accept(stable);
        }
    }
}
