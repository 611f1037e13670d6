package org.openintercom.hal.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.CallButton;
import org.openintercom.hal.io.InputTiming;

/**
 * A {@link CallButton} fed with raw levels by a back end ({@link #raw(boolean)}): debounces them, reports DOWN
 * when a press is recognised, LONG once the long-press time is reached while held, and SHORT on an earlier
 * release.
 */
public final class DebouncedButton implements CallButton {

    private final String id;
    private final InputTiming timing;
    private final Clock clock;
    private final Debouncer debouncer;
    private final Listeners<ButtonPress> listeners;
    private final Runnable onClose;
    private Instant pressedAt;
    private long pressedNanos;
    private boolean longFired;
    private ScheduledFuture<?> longTimer;

    public DebouncedButton(String id, InputTiming timing, Clock clock, Runnable onClose) {
        this.id = id;
        this.timing = timing;
        this.clock = clock;
        this.onClose = onClose;
        this.listeners = new Listeners<>("button " + id);
        this.debouncer = new Debouncer(false, timing.debounce(), HalScheduler.timers(), this::changed);
    }

    /** A raw (undebounced) level from the back end: true while the contact is closed (pressed). */
    public void raw(boolean pressed) {
        debouncer.raw(pressed);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isPressed() {
        return debouncer.stable();
    }

    @Override
    public Subscription onPress(Consumer<ButtonPress> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        debouncer.cancel();
        synchronized (this) {
            cancelLongTimer();
        }
        listeners.clear();
        onClose.run();
    }

    private synchronized void changed(boolean pressed) {
        if (pressed) {
            pressedAt = clock.instant();
            pressedNanos = System.nanoTime();
            longFired = false;
            cancelLongTimer();
            longTimer = HalScheduler.timers().schedule(this::longPressReached,
                    timing.longPress().toNanos(), TimeUnit.NANOSECONDS);
            listeners.fire(new ButtonPress(id, ButtonPress.Kind.DOWN, Duration.ZERO, pressedAt));
        } else if (pressedAt != null) {
            cancelLongTimer();
            if (!longFired) {
                listeners.fire(new ButtonPress(id, ButtonPress.Kind.SHORT, heldSoFar(), pressedAt));
            }
            pressedAt = null;
        }
    }

    private synchronized void longPressReached() {
        longTimer = null;
        if (pressedAt != null && !longFired) {
            longFired = true;
            listeners.fire(new ButtonPress(id, ButtonPress.Kind.LONG, heldSoFar(), pressedAt));
        }
    }

    private Duration heldSoFar() {
        return Duration.ofNanos(System.nanoTime() - pressedNanos);
    }

    private void cancelLongTimer() {
        if (longTimer != null) {
            longTimer.cancel(false);
            longTimer = null;
        }
    }

    @Override
    public String toString() {
        return "button " + id;
    }
}
