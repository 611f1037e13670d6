package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.openintercom.hal.internal.DebouncedButton;
import org.openintercom.hal.internal.ForwardingCallButton;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.pi4j.internal.Pi4jPins;

/**
 * A call button on a GPIO pin: Pi4J edge events become raw levels (active-low aware) for the shared debounce
 * and long-press logic. A button already held when the adapter opens counts once it is released and pressed.
 */
public final class Pi4jCallButton extends ForwardingCallButton {

    public Pi4jCallButton(Context context, PinMap.Pin pin, InputTiming timing, Clock clock) {
        super(wire(context, pin, timing, clock));
    }

    private static DebouncedButton wire(Context context, PinMap.Pin pin, InputTiming timing, Clock clock) {
        com.pi4j.io.gpio.digital.DigitalInput io = Pi4jPins.input(context, pin);
        AtomicReference<DigitalStateChangeListener> listener = new AtomicReference<>();
        DebouncedButton button = new DebouncedButton(pin.id(), timing, clock, () -> {
            io.removeListener(listener.get());
            Pi4jPins.release(context, io);
        });
        listener.set(event -> button.raw(Pi4jPins.active(pin, event.state())));
        io.addListener(listener.get());
        return button;
    }
}
