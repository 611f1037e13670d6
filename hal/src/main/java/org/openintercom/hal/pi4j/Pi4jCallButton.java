package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Clock;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.internal.DebouncedButton;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.CallButton;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.pi4j.internal.Pi4jPins;

/**
 * A call button on a GPIO pin: Pi4J edge events become raw levels (active-low aware) for the shared debounce
 * and long-press logic. A button already held when the adapter opens counts once it is released and pressed.
 */
public final class Pi4jCallButton implements CallButton {

    private final DebouncedButton delegate;

    public Pi4jCallButton(Context context, PinMap.Pin pin, InputTiming timing, Clock clock) {
        com.pi4j.io.gpio.digital.DigitalInput io = Pi4jPins.input(context, pin);
        DigitalStateChangeListener listener = event -> raw(pin, event.state());
        this.delegate = new DebouncedButton(pin.id(), timing, clock, () -> {
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
    public boolean isPressed() {
        return delegate.isPressed();
    }

    @Override
    public Subscription onPress(Consumer<ButtonPress> listener) {
        return delegate.onPress(listener);
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
