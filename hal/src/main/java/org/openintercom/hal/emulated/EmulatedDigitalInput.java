package org.openintercom.hal.emulated;

import java.time.Clock;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.internal.DebouncedInput;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;

/**
 * A digital input switched by code ({@link #simulateActive()}, {@link #simulateInactive()}) through the same
 * debounce logic as the GPIO adapter.
 */
public class EmulatedDigitalInput implements DigitalInput {

    private final DebouncedInput delegate;

    public EmulatedDigitalInput(String id, InputRole role, InputTiming timing, Clock clock) {
        this.delegate = new DebouncedInput(id, role, false, timing, clock, () -> { });
    }

    public void simulateActive() {
        delegate.raw(true);
    }

    public void simulateInactive() {
        delegate.raw(false);
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public InputRole role() {
        return delegate.role();
    }

    @Override
    public boolean isActive() {
        return delegate.isActive();
    }

    @Override
    public Subscription onChange(Consumer<InputChange> listener) {
        return delegate.onChange(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "emulated " + delegate;
    }
}
