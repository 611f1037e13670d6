package org.openintercom.hal.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.io.DigitalOutput;
import org.openintercom.hal.io.OutputChange;

/**
 * The behaviour every output adapter shares: state, pulse timer (restarted by a new pulse, cancelled by
 * {@link #set(boolean)}), and change notification; a back end only implements {@link #apply(boolean)}.
 */
public abstract class OutputBase implements DigitalOutput {

    private final String id;
    private final Clock clock;
    private final Listeners<OutputChange> listeners;
    private boolean on;
    private ScheduledFuture<?> pulseEnd;
    private long pulseGeneration;
    private boolean closed;

    protected OutputBase(String id, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = new Listeners<>("output " + id);
    }

    /** Drives the hardware (or the emulation) to {@code on}; called with the output's lock held. */
    protected abstract void apply(boolean on);

    /** Releases back-end resources; the output has already been switched off. */
    protected void releaseResources() {
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final synchronized boolean isOn() {
        return on;
    }

    @Override
    public final synchronized void set(boolean on) {
        cancelPulse();
        change(on);
    }

    @Override
    public final synchronized void pulse(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("pulse duration must be positive, not " + duration);
        }
        cancelPulse();
        change(true);
        long generation = ++pulseGeneration;
        pulseEnd = HalScheduler.timers().schedule(() -> endPulse(generation), duration.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** True while a pulse is running. */
    public final synchronized boolean isPulsing() {
        return pulseEnd != null;
    }

    @Override
    public final Subscription onChange(Consumer<OutputChange> listener) {
        return listeners.add(listener);
    }

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            cancelPulse();
            change(false);
            closed = true;
        }
        listeners.clear();
        releaseResources();
    }

    /** Records a change; subclasses may override to keep a history (called with the lock held). */
    protected void changed(OutputChange change) {
    }

    /**
     * Ends pulse {@code generation}. A timer that already fired but waited for the lock while the pulse was
     * restarted, set, or the output closed must not end the newer state (nor throw on a closed output).
     */
    private synchronized void endPulse(long generation) {
        if (closed || generation != pulseGeneration || pulseEnd == null) {
            return;
        }
        pulseEnd = null;
        change(false);
    }

    private void change(boolean on) {
        if (closed) {
            throw new IllegalStateException("output " + id + " is closed");
        }
        if (this.on == on) {
            return;
        }
        apply(on);
        this.on = on;
        OutputChange change = new OutputChange(id, on, clock.instant());
        changed(change);
        listeners.fire(change);
    }

    private void cancelPulse() {
        pulseGeneration++;
        if (pulseEnd != null) {
            pulseEnd.cancel(false);
            pulseEnd = null;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + id;
    }
}
