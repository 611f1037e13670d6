package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.openintercom.hal.internal.DebouncedInput;
import org.openintercom.hal.internal.ForwardingDigitalInput;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.pi4j.internal.Pi4jPins;

/**
 * A digital input (door contact, tamper, request-to-exit) on a GPIO pin: starts at the pin's current level and
 * feeds Pi4J edge events, active-low aware, through the shared debounce logic.
 */
public final class Pi4jDigitalInput extends ForwardingDigitalInput {

    public Pi4jDigitalInput(Context context, PinMap.Pin pin, InputRole role, InputTiming timing, Clock clock) {
        super(wire(context, pin, role, timing, clock));
    }

    private static DebouncedInput wire(Context context, PinMap.Pin pin, InputRole role, InputTiming timing,
            Clock clock) {
        com.pi4j.io.gpio.digital.DigitalInput io = Pi4jPins.input(context, pin);
        AtomicReference<DigitalStateChangeListener> listener = new AtomicReference<>();
        DebouncedInput input = new DebouncedInput(pin.id(), role, Pi4jPins.active(pin, io.state()), timing, clock,
                () -> {
                    io.removeListener(listener.get());
                    Pi4jPins.release(context, io);
                });
        listener.set(event -> input.raw(Pi4jPins.active(pin, event.state())));
        io.addListener(listener.get());
        return input;
    }
}
