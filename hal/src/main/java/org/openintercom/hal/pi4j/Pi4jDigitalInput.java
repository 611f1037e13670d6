package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Clock;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.internal.DebouncedInput;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.pi4j.internal.Pi4jPins;

/**
 * A digital input (door contact, tamper, request-to-exit) on a GPIO pin: starts at the pin's current level and
 * feeds Pi4J edge events, active-low aware, through the shared debounce logic.
 */
public final class Pi4jDigitalInput implements DigitalInput {

    private final DebouncedInput delegate;

    public Pi4jDigitalInput(Context context, PinMap.Pin pin, InputRole role, InputTiming timing, Clock clock) {
        com.pi4j.io.gpio.digital.DigitalInput io = Pi4jPins.input(context, pin);
        DigitalStateChangeListener listener = event -> raw(pin, event.state());
        this.delegate = new DebouncedInput(pin.id(), role, Pi4jPins.active(pin, io.state()), timing, clock, () -> {
            io.removeListener(listener);
            Pi4jPins.release(context, io);
        });
        io.addListener(listener);
    }

    private void raw(PinMap.Pin pin, com.pi4j.io.gpio.digital.DigitalState state) {
        delegate.raw(Pi4jPins.active(pin, state));
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
        return "Pi4J " + delegate;
    }
}
